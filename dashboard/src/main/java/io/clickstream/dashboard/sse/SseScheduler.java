package io.clickstream.dashboard.sse;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.clickstream.dashboard.config.DashboardConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Drives the event batches and the heartbeats from one thread of its own; ends the streams on shutdown. */
@ApplicationScoped
public class SseScheduler {

    private static final Logger LOG = Logger.getLogger(SseScheduler.class);

    private final EventHub events;
    private final StatsHub stats;
    private final DashboardConfig.Sse config;
    private ScheduledExecutorService executor;

    SseScheduler(EventHub events, StatsHub stats, DashboardConfig config) {
        this.events = events;
        this.stats = stats;
        this.config = config.sse();
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-sse");
            t.setDaemon(true);
            return t;
        });
        long batch = config.batchInterval().toMillis();
        executor.scheduleAtFixedRate(guarded("publish", events::publish), batch, batch, TimeUnit.MILLISECONDS);
        long heartbeat = config.heartbeat().toMillis();
        executor.scheduleAtFixedRate(guarded("heartbeat", () -> {
            events.heartbeat();
            stats.heartbeat();
        }), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        events.disconnectAll();
        stats.disconnectAll();
    }

    /** A failing run must not cancel the periodic task. */
    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "SSE %s failed", what);
            }
        };
    }
}
