package io.clickstream.sink;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.jboss.logging.Logger;

import io.clickstream.sink.batch.BatchCommitter;
import io.clickstream.sink.batch.BatchLimits;
import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.batch.CommitOutcome;
import io.clickstream.sink.batch.MicroBatcher;
import io.clickstream.sink.compact.CompactionPolicy;
import io.clickstream.sink.compact.Compactor;
import io.clickstream.sink.config.SinkConfig;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.kafka.KafkaProgressReporter;
import io.clickstream.sink.retry.RetryPolicy;
import io.clickstream.sink.status.SinkMetrics;
import io.clickstream.sink.status.SinkStatus;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.HadoopLoginUser;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.table.ClickTable;
import io.clickstream.sink.table.TableSchema;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

/**
 * Assembles the sink at start-up (storage configuration, table, writer, committer, batcher, compactor),
 * creates the table if missing, and takes it apart at shutdown.
 */
@Startup
@ApplicationScoped
public class SinkPipeline {

    private static final Logger LOG = Logger.getLogger(SinkPipeline.class);

    private final SinkConfig config;
    private final SinkStatus status;
    private final SinkMetrics metrics;
    private final KafkaProgressReporter kafkaProgress;

    private String tableUri;
    private ClickTable table;
    private BatchCommitter committer;
    private MicroBatcher batcher;
    private Compactor compactor;
    private RetryPolicy retryPolicy;

    @Inject
    public SinkPipeline(SinkConfig config, SinkStatus status, SinkMetrics metrics, KafkaProgressReporter kafkaProgress) {
        this.config = config;
        this.status = status;
        this.metrics = metrics;
        this.kafkaProgress = kafkaProgress;
    }

    @PostConstruct
    void start() {
        SinkConfig.Retry retry = config.retry();
        if (retry.initialBackoff().compareTo(retry.maxBackoff()) > 0) {
            throw new IllegalArgumentException("sink.retry.initial-backoff (" + retry.initialBackoff()
                    + ") must not exceed sink.retry.max-backoff (" + retry.maxBackoff() + ")");
        }
        retryPolicy = new RetryPolicy(retry.initialBackoff(), retry.maxBackoff());
        tableUri = HadoopConfigurationFactory.normalizeTableUri(config.tableUri());
        HadoopLoginUser.fromEnvironment(System.getenv())
                .ifPresent(name -> LOG.infof("Hadoop user: %s (from %s)", name, HadoopLoginUser.ENV));
        Configuration hadoop = HadoopConfigurationFactory.build(tableUri, config.storage().azureAuth(),
                config.storage().oauthEndpoint(), config.storage().hadoop(), System.getenv());
        List<TableSchema.Column> columns = TableSchema.columns(config.contractVersion());
        table = new DeltaClickTable(hadoop, tableUri, columns);
        try {
            withStorageRetry("open or create the table", () -> {
                table.createIfMissing();
                return null;
            });
            status.started(table.version());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open or create the Delta table at " + tableUri + ": " + e.getMessage(), e);
        }
        CommitListener listener = new Fanout(List.of(status, metrics, kafkaProgress, new Holder()));
        ParquetDataFileWriter writer = new ParquetDataFileWriter(hadoop, tableUri,
                Runtime.getRuntime().availableProcessors(), columns);
        committer = new BatchCommitter(table, writer, config.appId(), config.topic(), retryPolicy, retry.maxConflicts(),
                listener);
        SinkConfig.Batch b = config.batch();
        batcher = new MicroBatcher(new BatchLimits(b.maxRecords(), b.maxBytes(), b.maxAge()), committer,
                t -> fail("a batch cannot be committed, consumption stopped (nothing of it is in the table; a restart "
                        + "retries it): " + t.getMessage()));
        LOG.infof("sink ready: table %s (version %d), batches of up to %d records / %d bytes / %s", tableUri,
                status.tableVersion(), b.maxRecords(), b.maxBytes(), b.maxAge());
        startCompactor(hadoop, writer, columns);
    }

    private void startCompactor(Configuration hadoop, ParquetDataFileWriter writer, List<TableSchema.Column> columns) {
        SinkConfig.Compaction c = config.compaction();
        status.compactionEnabled(c.enabled());
        if (!c.enabled()) {
            LOG.info("compaction is off (sink.compaction.enabled=false)");
            return;
        }
        compactor = new Compactor(table, new ParquetDataFileReader(hadoop, tableUri, columns), writer,
                new CompactionPolicy(c.minFiles(), c.targetFileBytes()), List.of(status, metrics));
        compactor.start(c.interval());
        LOG.infof("compaction every %s: date partitions with at least %d files under %d bytes", c.interval(),
                c.minFiles(), c.targetFileBytes());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (compactor != null) {
            compactor.close();
        }
        if (batcher != null) {
            batcher.close(15_000);
        }
        if (committer != null) {
            committer.stop();
        }
        try {
            FileSystem.closeAll();
        } catch (IOException e) {
            LOG.debugf("closing file systems: %s", e.getMessage());
        }
    }

    public MicroBatcher batcher() {
        return batcher;
    }

    public ClickTable table() {
        return table;
    }

    public BatchCommitter committer() {
        return committer;
    }

    public String tableUri() {
        return tableUri;
    }

    public String appId() {
        return config.appId();
    }

    /** Stops consuming for good: something retrying cannot fix (the status says what). */
    public void fail(String message) {
        status.fatal(message);
        if (batcher != null) {
            batcher.hold(true);
        }
    }

    /**
     * Runs a storage call, retrying storage failures with backoff for up to {@code sink.retry.give-up-after};
     * any other failure is thrown at once.
     */
    public <T> T withStorageRetry(String what, Callable<T> call) throws IOException {
        AtomicInteger failures = new AtomicInteger();
        try {
            T result = RetryPolicy.await(retryPolicy.retryFor(RetryPolicy.blocking(call), RetryPolicy::isTransient,
                    config.retry().giveUpAfter(), (e, attempt, delay) -> {
                        failures.set(attempt);
                        Exception ex = e instanceof Exception x ? x : new RuntimeException(e);
                        LOG.warnf("could not %s (attempt %d), retrying in %d ms: %s", what, attempt, delay, e.getMessage());
                        status.storageFailed(ex, attempt, delay);
                        metrics.storageFailed(ex, attempt, delay);
                    }));
            if (failures.get() > 0) {
                status.storageRecovered();
            }
            return result;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Pauses consumption while storage fails. */
    private final class Holder implements CommitListener {
        @Override
        public void storageFailed(Exception error, int attempt, long retryInMillis) {
            batcher.hold(true);
        }

        @Override
        public void storageRecovered() {
            batcher.hold(false);
        }
    }

    /** Tells every listener; one failing listener does not stop the others. */
    private record Fanout(List<CommitListener> listeners) implements CommitListener {
        @Override
        public void committed(CommitOutcome outcome) {
            each(l -> l.committed(outcome));
        }

        @Override
        public void storageFailed(Exception error, int attempt, long retryInMillis) {
            each(l -> l.storageFailed(error, attempt, retryInMillis));
        }

        @Override
        public void storageRecovered() {
            each(CommitListener::storageRecovered);
        }

        @Override
        public void conflict() {
            each(CommitListener::conflict);
        }

        private void each(java.util.function.Consumer<CommitListener> call) {
            for (CommitListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    LOG.warnf("commit listener %s failed: %s", l.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
