package io.clickstream.sink.table;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The table the sink appends to. */
public interface ClickTable {

    String uri();

    /** Creates the table with the sink's schema if it does not exist; checks the schema if it does. */
    void createIfMissing() throws IOException;

    /** The latest committed version (-1 if the table does not exist yet). */
    long version() throws IOException;

    TableTransaction begin() throws IOException;

    /**
     * The data files of the latest version, for planning. A change must re-read its files through its own
     * transaction ({@link TableTransaction#readPartition}).
     */
    List<TableFile> files() throws IOException;

    /** appId → last recorded version, for the given ids (absent when none). */
    default Map<String, Long> txnVersions(Collection<String> appIds) throws IOException {
        TableTransaction tx = begin();
        Map<String, Long> result = new java.util.HashMap<>();
        for (String id : appIds) {
            long v = tx.txnVersion(id);
            if (v >= 0) {
                result.put(id, v);
            }
        }
        return result;
    }
}
