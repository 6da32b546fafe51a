package io.clickstream.sink.batch;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import io.clickstream.sink.retry.RetryPolicy;
import io.clickstream.sink.table.ClickTable;
import io.clickstream.sink.table.CommitConflictException;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.SourcePartition;
import io.clickstream.sink.table.TableTransaction;

/**
 * Turns one batch into one table commit: data files plus, per Kafka partition, the last offset read, in
 * the same transaction. Storage failures are retried with exponential backoff until they succeed or the
 * sink stops; a batch is never dropped. A concurrent commit of the same partitions is resolved by
 * re-reading the table's offsets and keeping only what it does not hold yet, a bounded number of times.
 */
public final class BatchCommitter implements MicroBatcher.Flusher {

    private static final Logger LOG = Logger.getLogger(BatchCommitter.class);

    /** Commit conflicts retried per batch by the short constructor, before the sink gives up on the batch. */
    public static final int DEFAULT_MAX_CONFLICTS = 20;

    private final ClickTable table;
    private final DataFileWriter writer;
    private final String appId;
    private final String topic;
    private final RetryPolicy retry;
    private final int maxConflicts;
    private final CommitListener listener;
    private volatile boolean stopped;
    /** Opens the next transaction while the flusher writes the data files. */
    private final ExecutorService opener = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sink-table-opener");
        t.setDaemon(true);
        return t;
    });

    public BatchCommitter(ClickTable table, DataFileWriter writer, String appId, String topic,
            java.time.Duration initialBackoff, java.time.Duration maxBackoff, CommitListener listener) {
        this(table, writer, appId, topic, new RetryPolicy(initialBackoff, maxBackoff), DEFAULT_MAX_CONFLICTS, listener);
    }

    /**
     * @param retry        how storage failures and commit conflicts are retried
     * @param maxConflicts commit conflicts in a row after which the batch fails for good
     */
    public BatchCommitter(ClickTable table, DataFileWriter writer, String appId, String topic, RetryPolicy retry,
            int maxConflicts, CommitListener listener) {
        this.table = table;
        this.writer = writer;
        this.appId = appId;
        this.topic = topic;
        this.retry = retry;
        this.maxConflicts = maxConflicts;
        this.listener = listener;
    }

    /** Ends the retries of a flush in progress (at shutdown): its batch stays uncommitted and is read again. */
    public void stop() {
        stopped = true;
        opener.shutdown();
    }

    /**
     * Commits the batch once its dead letters are in the dead-letter topic. Storage failures (an
     * {@link IOException}) are retried with backoff for as long as they last; commit conflicts are retried
     * {@code maxConflicts} times. Anything else (a bug, a corrupt table, a row the writer cannot encode) fails the
     * flush at once with a {@link PermanentCommitFailure}: nothing of the batch is committed, and a restart retries it.
     */
    @Override
    public void flush(Batch batch) throws InterruptedException {
        awaitDeadLetters(batch);
        AtomicInteger storageFailures = new AtomicInteger();
        Uni<CommitOutcome> once = RetryPolicy.blocking(() -> {
            if (stopped) {
                throw new Stopping();
            }
            return attempt(batch);
        });
        Uni<CommitOutcome> conflictsRetried = retry.retry(once, CommitConflictException.class::isInstance, maxConflicts,
                (e, n, delay) -> {
                    LOG.debugf("commit conflict %d, re-checking the table's offsets in %d ms: %s", n, delay, e.getMessage());
                    listener.conflict();
                });
        Uni<CommitOutcome> storageRetried = retry.retry(conflictsRetried, e -> !stopped && RetryPolicy.isTransient(e),
                RetryPolicy.FOREVER, (e, n, delay) -> {
                    storageFailures.set(n);
                    LOG.warnf("storage failed (attempt %d), retrying in %d ms: %s", n, delay, RetryPolicy.describe(e));
                    listener.storageFailed(e instanceof Exception ex ? ex : new RuntimeException(e), n, delay);
                });
        CommitOutcome outcome;
        try {
            outcome = RetryPolicy.await(storageRetried);
        } catch (InterruptedException | Stopping e) {
            throw stopping(batch);
        } catch (Exception e) {
            if (stopped) {
                throw stopping(batch);
            }
            if (e instanceof CommitConflictException) {
                throw new PermanentCommitFailure("gave up after " + maxConflicts
                        + " commit conflicts in a row (too many sinks committing to one table?): " + e.getMessage(), e);
            }
            throw new PermanentCommitFailure(RetryPolicy.describe(e), e);
        }
        if (storageFailures.get() > 0) {
            LOG.infof("storage is back after %d failed attempt(s)", storageFailures.get());
            listener.storageRecovered();
        }
        listener.committed(outcome);
    }

    /**
     * Moves a partition's offset in the table over records Kafka no longer has, in a commit of its own whose
     * {@code commitInfo} says so: the gap stays visible in the table's history.
     *
     * @param lastInTable the offset the table holds now; nothing is committed if another writer moved it since
     * @param logStart    the first offset Kafka still has; the table then holds {@code logStart - 1}
     * @return the new table version, or -1 if the table's offset had moved
     */
    public long recordOffsetGap(SourcePartition partition, long lastInTable, long logStart, String note)
            throws IOException, CommitConflictException {
        TableTransaction tx = table.begin();
        String id = partition.appId(appId);
        if (tx.txnVersion(id) != lastInTable) {
            return -1;
        }
        return tx.commit(List.of(), Map.of(id, logStart - 1), java.util.Optional.of(note));
    }

    private static InterruptedException stopping(Batch batch) {
        return new InterruptedException("sink stopping: batch of " + batch.records() + " records left uncommitted");
    }

    /** Raised inside an attempt once the sink is stopping: ends the retries. */
    private static final class Stopping extends Exception {
        Stopping() {
            super("sink stopping", null, false, false);
        }
    }

    private CommitOutcome attempt(Batch batch) throws IOException, CommitConflictException, InterruptedException {
        long start = System.nanoTime();
        // The table's offsets are read while the data files are written: a batch almost always keeps all its
        // rows, and opening the transaction (a snapshot update) then costs no time of its own.
        Future<Opened> opening = opener.submit(() -> open(batch));
        List<DataFile> written;
        try {
            written = batch.rowCount() == 0 ? List.of() : writer.write(batch.rows());
        } catch (IOException | RuntimeException e) {
            opening.cancel(false);
            throw e;
        }
        Opened opened;
        try {
            opened = opening.get();
        } catch (ExecutionException e) {
            writer.deleteQuietly(written);
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            writer.deleteQuietly(written);
            throw e;
        }
        OffsetFilter.Result kept = OffsetFilter.apply(batch, topic, opened.tableVersions());
        if (kept.newVersions().isEmpty()) {
            writer.deleteQuietly(written);
            return new CommitOutcome(-1, 0, 0, kept.dropped(), Map.of(), batch.records(), System.nanoTime() - start,
                    batch.createdNanos(), 0, 0);
        }
        List<DataFile> files = written;
        if (kept.dropped() > 0) {
            // the table already holds some of these rows (another instance got there first): write only the others
            writer.deleteQuietly(written);
            files = kept.kept() == 0 ? List.of() : writer.write(kept.rows());
        }
        Map<String, Long> txns = new HashMap<>();
        kept.newVersions().forEach((sp, v) -> txns.put(sp.appId(appId), v));
        long version;
        long commitStart = System.nanoTime();
        try {
            version = opened.tx().commit(files, txns);
        } catch (CommitConflictException e) {
            // certainly not committed: the files can go
            writer.deleteQuietly(files);
            throw e;
        }
        // on any other failure the commit may have happened: the files are left in place, never deleted
        long end = System.nanoTime();
        long concurrent = Math.max(0, version - opened.tx().readVersion() - 1);
        return new CommitOutcome(version, kept.kept(), files.size(), kept.dropped(), kept.newVersions(),
                batch.records(), end - start, batch.createdNanos(), end - commitStart, concurrent);
    }

    /** A transaction and the offsets the table held when it started, per partition of the batch. */
    private record Opened(TableTransaction tx, Map<SourcePartition, Long> tableVersions) {
    }

    private Opened open(Batch batch) throws IOException {
        TableTransaction tx = table.begin();
        Map<SourcePartition, Long> tableVersions = new HashMap<>();
        for (SourcePartition sp : batch.lastOffsets().keySet()) {
            tableVersions.put(sp, tx.txnVersion(sp.appId(appId)));
        }
        return new Opened(tx, tableVersions);
    }

    /** The failure of opening the transaction, as the flush loop handles it. */
    private static IOException rethrow(Throwable cause) throws CommitConflictException {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof CommitConflictException c) {
            throw c;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause.getMessage(), cause);
    }

    private static void awaitDeadLetters(Batch batch) throws InterruptedException {
        for (var pending : batch.deadLetters()) {
            try {
                pending.toCompletableFuture().get();
            } catch (ExecutionException | CompletionException e) {
                // the publisher retries until the record is sent; a failure here means it gave up for good
                throw new PermanentCommitFailure("dead letter could not be published: " + e.getCause(), e.getCause());
            }
        }
    }
}
