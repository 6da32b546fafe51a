package io.clickstream.sink.table;

import java.io.Closeable;
import java.io.IOException;

/** Reads the table's data files back as rows, one row at a time (nothing is buffered beyond the storage format's own pages). */
public interface DataFileReader {

    Rows open(TableFile file) throws IOException;

    /** The rows of one file, in file order. Not thread-safe. */
    interface Rows extends Closeable {

        /** The next row, or null after the last one. */
        ClickRow read() throws IOException;
    }
}
