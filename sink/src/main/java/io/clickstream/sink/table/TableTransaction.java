package io.clickstream.sink.table;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One optimistic transaction on the table. */
public interface TableTransaction {

    /** The version of the table this transaction started from. */
    long readVersion();

    /** The version last recorded for {@code appId}, or -1 if none. Reading it makes a concurrent change a conflict. */
    long txnVersion(String appId);

    /**
     * Commits the files and the application transaction versions (appId → version) atomically.
     *
     * @return the new table version
     * @throws CommitConflictException nothing was committed because of a concurrent commit
     * @throws IOException             storage failed; the commit may or may not have happened
     */
    long commit(List<DataFile> files, Map<String, Long> txnVersions) throws CommitConflictException, IOException;
}
