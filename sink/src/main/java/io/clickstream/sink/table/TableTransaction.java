package io.clickstream.sink.table;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    default long commit(List<DataFile> files, Map<String, Long> txnVersions) throws CommitConflictException, IOException {
        return commit(files, txnVersions, Optional.empty());
    }

    /**
     * As {@link #commit(List, Map)}, with a note kept in the commit's {@code commitInfo.userMetadata} (shown by
     * {@code DESCRIBE HISTORY}), for commits a reader should know about.
     */
    long commit(List<DataFile> files, Map<String, Long> txnVersions, Optional<String> note)
            throws CommitConflictException, IOException;

    /**
     * The files of one {@code event_date} partition in this transaction's snapshot. They count as read: a
     * concurrent commit that removes any of them makes {@link #commitRewrite} conflict.
     */
    List<TableFile> readPartition(LocalDate eventDate) throws IOException;

    /**
     * Replaces files read through {@link #readPartition} by one file holding exactly their rows: a rewrite that
     * changes no data (removes and add marked {@code dataChange=false}) and records no {@code txn} version.
     * Appends committed meanwhile do not conflict with it.
     *
     * @return the new table version
     * @throws CommitConflictException nothing was committed: a concurrent commit removed a file this one removes
     * @throws IOException             storage failed; the commit may or may not have happened
     */
    long commitRewrite(List<TableFile> removed, DataFile added) throws CommitConflictException, IOException;
}
