package io.clickstream.sink.table;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/** Writes rows into data files under the table root: one file per partition value touched. */
public interface DataFileWriter {

    List<DataFile> write(List<ClickRow> rows) throws IOException;

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
