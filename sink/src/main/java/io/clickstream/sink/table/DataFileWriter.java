package io.clickstream.sink.table;

import java.io.IOException;
import java.util.List;

/** Writes rows into data files under the table root: one file per partition value touched. */
public interface DataFileWriter {

    List<DataFile> write(List<ClickRow> rows) throws IOException;

    /** Best-effort removal of files that will never be committed. */
    void deleteQuietly(List<DataFile> files);
}
