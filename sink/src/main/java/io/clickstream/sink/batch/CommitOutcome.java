package io.clickstream.sink.batch;

import java.util.Map;

import io.clickstream.sink.table.SourcePartition;

/**
 * What one flush did.
 *
 * @param tableVersion     the new table version, or -1 when there was nothing new to commit
 * @param rows             rows committed
 * @param files            data files committed
 * @param droppedRows      rows the table already held (committed by another instance, or read twice)
 * @param committedOffsets per partition, the last offset the table now holds for this batch
 * @param batchRecords     records in the batch, valid or not
 * @param commitNanos      time spent writing files and committing
 * @param batchCreatedNanos when the batch's first record arrived ({@link System#nanoTime()})
 * @param deltaCommitNanos the Delta commit alone (the transaction's commit call), 0 when nothing was committed
 * @param concurrentCommits commits of other writers that landed while this one's transaction was open: the
 *                          versions between the one it read and the one it got. Delta checked each of them for a
 *                          logical conflict and committed after them (no retry of the sink's own)
 */
public record CommitOutcome(long tableVersion, long rows, int files, long droppedRows,
        Map<SourcePartition, Long> committedOffsets, long batchRecords, long commitNanos, long batchCreatedNanos,
        long deltaCommitNanos, long concurrentCommits) {
}
