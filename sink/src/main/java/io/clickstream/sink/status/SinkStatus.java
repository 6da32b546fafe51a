package io.clickstream.sink.status;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.batch.CommitOutcome;
import io.clickstream.sink.compact.CompactionListener;
import io.clickstream.sink.compact.CompactionResult;
import io.clickstream.sink.table.SourcePartition;

/**
 * The sink's live status. Thread-safe: written by the consumer, the flusher, the rebalance listener and the
 * compactor.
 */
@ApplicationScoped
public class SinkStatus implements CommitListener, CompactionListener {

    /** Progress of one assigned partition: the last offset the table holds, and the log end offset. */
    public record PartitionProgress(long committedOffset, long endOffset) {
        /** Records not in the table yet. */
        public long lag() {
            if (endOffset < 0) {
                return -1;
            }
            return Math.max(0, endOffset - (committedOffset + 1));
        }
    }

    private volatile boolean started;
    private volatile boolean storageFailing;
    private volatile String fatalError;
    private final java.util.concurrent.atomic.AtomicInteger deadLettersFailing = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String lastError;
    private volatile Instant lastCommitTime;
    private volatile long tableVersion = -1;
    private final AtomicLong recordsIn = new AtomicLong();
    private final AtomicLong rowsCommitted = new AtomicLong();
    private final AtomicLong filesCommitted = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong dlqRecords = new AtomicLong();
    private final AtomicLong unknownFieldRecords = new AtomicLong();
    private final AtomicLong duplicateRowsDropped = new AtomicLong();
    private final AtomicLong storageRetries = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong offsetsSkipped = new AtomicLong();
    private final ConcurrentMap<SourcePartition, PartitionProgress> partitions = new ConcurrentHashMap<>();

    /**
     * What background compaction has done.
     *
     * @param enabled        whether it runs ({@code sink.compaction.enabled})
     * @param lastRunTime    when the last round ended (null before the first)
     * @param filesCompacted small files rewritten into bigger ones so far
     * @param lastError      the last round's error, null when it succeeded
     */
    public record CompactionProgress(boolean enabled, Instant lastRunTime, long filesCompacted, String lastError) {
    }

    private volatile boolean compactionEnabled;
    private volatile Instant compactionLastRun;
    private volatile String compactionError;
    private final AtomicLong filesCompacted = new AtomicLong();

    public void started(long version) {
        tableVersion = Math.max(tableVersion, version);
        started = true;
    }

    public void fatal(String message) {
        fatalError = message;
        lastError = message;
    }

    /** A dead letter could not be sent (and will be retried); counted until {@link #deadLetterSent}. */
    public void deadLetterFailing(String topic, Throwable error) {
        deadLettersFailing.incrementAndGet();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastError = "dead-letter topic " + topic + ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A dead letter that had failed before is in the dead-letter topic now. */
    public void deadLetterSent() {
        deadLettersFailing.decrementAndGet();
    }

    public void read(long records, long invalid, long withUnknownFields) {
        recordsIn.addAndGet(records);
        dlqRecords.addAndGet(invalid);
        unknownFieldRecords.addAndGet(withUnknownFields);
    }

    /** Partitions assigned, with the last offset the table holds for each (-1 when none). */
    public void assigned(Map<SourcePartition, Long> tableOffsets, Map<SourcePartition, Long> endOffsets) {
        tableOffsets.forEach((sp, off) -> partitions.put(sp, new PartitionProgress(off, endOffsets.getOrDefault(sp, -1L))));
    }

    public void revoked(Collection<SourcePartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    public void endOffsets(Map<SourcePartition, Long> ends) {
        ends.forEach((sp, end) -> partitions.computeIfPresent(sp, (k, p) -> new PartitionProgress(p.committedOffset(), end)));
    }

    @Override
    public void committed(CommitOutcome o) {
        if (o.tableVersion() >= 0) {
            tableVersion = Math.max(tableVersion, o.tableVersion());
            lastCommitTime = Instant.now();
            commits.incrementAndGet();
        }
        rowsCommitted.addAndGet(o.rows());
        filesCommitted.addAndGet(o.files());
        duplicateRowsDropped.addAndGet(o.droppedRows());
        o.committedOffsets().forEach((sp, off) -> partitions.computeIfPresent(sp,
                (k, p) -> new PartitionProgress(Math.max(off, p.committedOffset()), Math.max(p.endOffset(), off + 1))));
    }

    @Override
    public void storageFailed(Exception error, int attempt, long retryInMillis) {
        storageRetries.incrementAndGet();
        lastError = io.clickstream.sink.retry.RetryPolicy.describe(error);
        storageFailing = true;
    }

    @Override
    public void storageRecovered() {
        storageFailing = false;
    }

    @Override
    public void conflict() {
        conflicts.incrementAndGet();
    }

    public void compactionEnabled(boolean enabled) {
        compactionEnabled = enabled;
    }

    @Override
    public void compacted(CompactionResult result) {
        filesCompacted.addAndGet(result.filesRemoved());
    }

    @Override
    public void roundCompleted() {
        compactionError = null;
        compactionLastRun = Instant.now();
    }

    @Override
    public void roundFailed(Exception error) {
        compactionError = error.getClass().getSimpleName() + ": " + error.getMessage();
        compactionLastRun = Instant.now();
    }

    public CompactionProgress compaction() {
        return new CompactionProgress(compactionEnabled, compactionLastRun, filesCompacted.get(), compactionError);
    }

    /** The most serious condition first: failed, then storage, then dead letters. */
    public SinkState state() {
        if (fatalError != null) {
            return SinkState.FAILED;
        }
        if (!started) {
            return SinkState.STARTING;
        }
        if (storageFailing) {
            return SinkState.STORAGE_FAILING;
        }
        if (deadLettersFailing.get() > 0) {
            return SinkState.DEAD_LETTERS_FAILING;
        }
        return SinkState.RUNNING;
    }

    /** What went wrong last (kept after recovery, for the status page); the fatal reason once failed. */
    public String lastError() {
        return fatalError != null ? fatalError : lastError;
    }

    /** Dead letters whose sending has failed and is being retried. */
    public int deadLettersFailing() {
        return Math.max(0, deadLettersFailing.get());
    }

    public Instant lastCommitTime() {
        return lastCommitTime;
    }

    public long tableVersion() {
        return tableVersion;
    }

    public long recordsIn() {
        return recordsIn.get();
    }

    public long rowsCommitted() {
        return rowsCommitted.get();
    }

    public long filesCommitted() {
        return filesCommitted.get();
    }

    public long commits() {
        return commits.get();
    }

    public long dlqRecords() {
        return dlqRecords.get();
    }

    public long unknownFieldRecords() {
        return unknownFieldRecords.get();
    }

    public long duplicateRowsDropped() {
        return duplicateRowsDropped.get();
    }

    public long storageRetries() {
        return storageRetries.get();
    }

    public long conflicts() {
        return conflicts.get();
    }

    /** A gap accepted ({@code sink.on-offset-gap=accept}): offsets Kafka deleted before the table got them. */
    public void offsetsSkipped(long count) {
        offsetsSkipped.addAndGet(count);
    }

    public long offsetsSkipped() {
        return offsetsSkipped.get();
    }

    /** Assigned partitions in order. */
    public Map<SourcePartition, PartitionProgress> partitions() {
        return new TreeMap<>(partitions);
    }
}
