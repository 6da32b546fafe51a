package io.clickstream.sink.batch;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

    private CommitOutcome attempt(Batch batch) throws IOException, CommitConflictException {
        long start = System.nanoTime();
        TableTransaction tx = table.begin();
        Map<SourcePartition, Long> tableVersions = new HashMap<>();
        for (SourcePartition sp : batch.lastOffsets().keySet()) {
            tableVersions.put(sp, tx.txnVersion(sp.appId(appId)));
        }
        OffsetFilter.Result kept = OffsetFilter.apply(batch, topic, tableVersions);
        if (kept.newVersions().isEmpty()) {
            return new CommitOutcome(-1, 0, 0, kept.dropped(), Map.of(), batch.records(), System.nanoTime() - start,
                    batch.createdNanos());
        }
        List<DataFile> files = kept.rows().isEmpty() ? List.of() : writer.write(kept.rows());
        Map<String, Long> txns = new HashMap<>();
        kept.newVersions().forEach((sp, v) -> txns.put(sp.appId(appId), v));
        long version;
        try {
            version = tx.commit(files, txns);
        } catch (CommitConflictException e) {
            // certainly not committed: the files can go
            writer.deleteQuietly(files);
            throw e;
        }
        // on any other failure the commit may have happened: the files are left in place, never deleted
        return new CommitOutcome(version, kept.rows().size(), files.size(), kept.dropped(), kept.newVersions(),
                batch.records(), System.nanoTime() - start, batch.createdNanos());
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
