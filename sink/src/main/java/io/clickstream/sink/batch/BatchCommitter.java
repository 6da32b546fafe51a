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

import org.jboss.logging.Logger;

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
 * re-reading the table's offsets and keeping only what it does not hold yet.
 */
public final class BatchCommitter implements MicroBatcher.Flusher {

    private static final Logger LOG = Logger.getLogger(BatchCommitter.class);

    private final ClickTable table;
    private final DataFileWriter writer;
    private final String appId;
    private final String topic;
    private final java.time.Duration initialBackoff;
    private final java.time.Duration maxBackoff;
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
        this.table = table;
        this.writer = writer;
        this.appId = appId;
        this.topic = topic;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.listener = listener;
    }

    /** Ends the retry loop of a flush in progress (at shutdown): its batch stays uncommitted and is read again. */
    public void stop() {
        stopped = true;
        opener.shutdown();
    }

    @Override
    public void flush(Batch batch) throws InterruptedException {
        awaitDeadLetters(batch);
        Backoff backoff = new Backoff(initialBackoff, maxBackoff);
        int failures = 0;
        while (true) {
            if (stopped) {
                throw new InterruptedException("sink stopping: batch of " + batch.records() + " records left uncommitted");
            }
            try {
                CommitOutcome outcome = attempt(batch);
                if (failures > 0) {
                    LOG.infof("storage is back after %d failed attempt(s)", failures);
                    listener.storageRecovered();
                }
                listener.committed(outcome);
                return;
            } catch (CommitConflictException e) {
                LOG.debugf("commit conflict, re-checking the table's offsets: %s", e.getMessage());
                listener.conflict();
            } catch (IOException | RuntimeException e) {
                failures++;
                long delay = backoff.nextDelayMillis();
                LOG.warnf("storage failed (attempt %d), retrying in %d ms: %s", failures, delay, describe(e));
                listener.storageFailed(e, failures, delay);
                Thread.sleep(delay);
            }
        }
    }

    private CommitOutcome attempt(Batch batch) throws IOException, CommitConflictException, InterruptedException {
        long start = System.nanoTime();
        // The table's offsets are read while the data files are written: a batch almost always keeps all its
        // rows, and opening the transaction (a snapshot update) then costs no time of its own.
        Future<Opened> opening = opener.submit(() -> open(batch));
        List<DataFile> written;
        try {
            written = batch.rows().isEmpty() ? List.of() : writer.write(batch.rows());
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
                    batch.createdNanos());
        }
        List<DataFile> files = written;
        if (kept.dropped() > 0) {
            // the table already holds some of these rows (another instance got there first): write only the others
            writer.deleteQuietly(written);
            files = kept.rows().isEmpty() ? List.of() : writer.write(kept.rows());
        }
        Map<String, Long> txns = new HashMap<>();
        kept.newVersions().forEach((sp, v) -> txns.put(sp.appId(appId), v));
        long version;
        try {
            version = opened.tx().commit(files, txns);
        } catch (CommitConflictException e) {
            // certainly not committed: the files can go
            writer.deleteQuietly(files);
            throw e;
        }
        // on any other failure the commit may have happened: the files are left in place, never deleted
        return new CommitOutcome(version, kept.rows().size(), files.size(), kept.dropped(), kept.newVersions(),
                batch.records(), System.nanoTime() - start, batch.createdNanos());
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
                throw new IllegalStateException("dead letter could not be published", e.getCause());
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            sb.append(" (").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
        }
        return sb.toString();
    }
}
