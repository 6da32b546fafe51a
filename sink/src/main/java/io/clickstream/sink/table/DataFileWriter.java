package io.clickstream.sink.table;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/** Writes rows into data files under the table root: one file per partition value touched. */
public interface DataFileWriter {

    /** Writes the rows of these batches (a batch may hold rows of several dates). */
    List<DataFile> write(List<ColumnBatch> batches) throws IOException;

    /** Writes rows given as objects (tests, tools). */
    default List<DataFile> writeRows(List<ClickRow> rows) throws IOException {
        return write(List.of(ColumnBatch.of(rows)));
    }

    /** Best-effort removal of files that will never be committed. */
    void deleteQuietly(List<DataFile> files);

    /**
     * Opens one new file for rows of one {@code event_date}, written a row at a time: for rewrites that must not
     * hold their rows in memory (compaction).
     */
    OpenFile open(LocalDate eventDate) throws IOException;

    /** A data file being written row by row. Not thread-safe. */
    interface OpenFile {

        /** @throws IllegalArgumentException the row's {@code event_date} is not the file's */
        void write(ClickRow row) throws IOException;

        /** Finishes the file: complete on storage, not committed. On failure the file is deleted. */
        DataFile close() throws IOException;

        /** Stops writing and deletes what was written (best effort). Does nothing after {@link #close()}. */
        void abort();
    }
}
