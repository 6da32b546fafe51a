package io.clickstream.sink.maintenance;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.clickstream.sink.SinkPipeline;
import io.clickstream.sink.config.SinkConfig;
import io.clickstream.sink.delta.DeltaVacuum;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.table.VacuumResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Runs VACUUM on the sink's table, one run at a time, from the API or on a schedule ({@code sink.vacuum.*}), and
 * counts what it deleted. A run reads the latest snapshot and deletes only files no version within the retention
 * needs and that are older than the retention, so ingestion and compaction carry on meanwhile.
 */
@Startup
@ApplicationScoped
public class VacuumService {

    private static final Logger LOG = Logger.getLogger(VacuumService.class);

    private final SinkConfig.Vacuum config;
    private final DeltaVacuum vacuum;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastRunEpochMillis = new AtomicLong();
    private final Counter runs;
    private final Counter failures;
    private final Counter filesDeleted;
    private final Counter bytesDeleted;
    private ScheduledExecutorService scheduler;

    @Inject
    public VacuumService(SinkConfig config, SinkPipeline pipeline, MeterRegistry registry) {
        this.config = config.vacuum();
        // fail fast at start-up, naming the key, rather than at the first run
        this.config.retention().ifPresent(r -> {
            if (this.config.retentionCheck() && r.compareTo(DeltaVacuum.MIN_RETENTION) < 0) {
                throw new IllegalArgumentException("sink.vacuum.retention (" + r + ") is below the minimum of "
                        + DeltaVacuum.MIN_RETENTION);
            }
        });
        String uri = pipeline.tableUri();
        this.vacuum = new DeltaVacuum(HadoopConfigurationFactory.build(uri, config.storage().azureAuth(),
                config.storage().oauthEndpoint(), config.storage().hadoop(), System.getenv()), uri, Clock.systemUTC(),
                this.config.retentionCheck());
        runs = Counter.builder("clickstream.sink.vacuum.runs").description("VACUUM runs that deleted files (dry runs excluded)")
                .register(registry);
        failures = Counter.builder("clickstream.sink.vacuum.failures").description("VACUUM runs that failed").register(registry);
        filesDeleted = Counter.builder("clickstream.sink.vacuum.files.deleted").description("Files deleted by VACUUM")
                .register(registry);
        bytesDeleted = Counter.builder("clickstream.sink.vacuum.bytes.deleted").description("Bytes deleted by VACUUM")
                .baseUnit("bytes").register(registry);
        Gauge.builder("clickstream.sink.vacuum.last.run.time", lastRunEpochMillis, t -> t.get() / 1000.0).baseUnit("seconds")
                .description("End of the last VACUUM run that deleted files (Unix time, 0 before the first)").register(registry);
    }

    @PostConstruct
    void start() {
        if (!config.enabled()) {
            LOG.info("scheduled vacuum is off (sink.vacuum.enabled=false)");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sink-vacuum");
            t.setDaemon(true);
            return t;
        });
        long millis = config.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scheduledRun, millis, millis, TimeUnit.MILLISECONDS);
        LOG.infof("vacuum every %s, retention %s", config.interval(),
                config.retention().map(Duration::toString).orElse("from the table (delta.deletedFileRetentionDuration)"));
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Runs VACUUM now, unless a run is in progress.
     *
     * @return empty if another run is in progress
     */
    public Optional<VacuumResult> tryRun(boolean dryRun) throws IOException {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            VacuumResult r = vacuum.run(config.retention(), dryRun);
            if (!dryRun) {
                runs.increment();
                filesDeleted.increment(r.files());
                bytesDeleted.increment(r.bytes());
                lastRunEpochMillis.set(r.startTime().plus(r.took()).toEpochMilli());
            }
            return Optional.of(r);
        } catch (IOException | RuntimeException e) {
            failures.increment();
            throw e;
        } finally {
            running.set(false);
        }
    }

    private void scheduledRun() {
        try {
            if (tryRun(false).isEmpty()) {
                LOG.info("scheduled vacuum skipped: a run is in progress");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("scheduled vacuum failed (tried again in %s): %s", config.interval(), e.toString());
        }
    }
}
