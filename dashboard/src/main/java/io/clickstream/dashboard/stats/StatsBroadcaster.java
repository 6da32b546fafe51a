package io.clickstream.dashboard.stats;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.sse.StatsHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Computes the statistics once per interval, serialises them once and hands them to every stats client. */
@ApplicationScoped
public class StatsBroadcaster {

    private static final Logger LOG = Logger.getLogger(StatsBroadcaster.class);

    private final StatsService service;
    private final StatsHub hub;
    private final DashboardConfig config;
    private ScheduledExecutorService executor;
    private volatile Latest latest;

    /** The last broadcast: its id and JSON. */
    public record Latest(long id, String json) {
    }

    StatsBroadcaster(StatsService service, StatsHub hub, DashboardConfig config) {
        this.service = service;
        this.hub = hub;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-stats");
            t.setDaemon(true);
            return t;
        });
        long interval = config.stats().interval().toMillis();
        executor.scheduleAtFixedRate(this::broadcast, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The latest statistics, computed now if none were broadcast yet. */
    public Latest latest() {
        Latest l = latest;
        return l != null ? l : compute();
    }

    private Latest compute() {
        StatsSnapshot snapshot = service.snapshot();
        Latest l = new Latest(snapshot.generatedAt(), service.toJson(snapshot));
        latest = l;
        return l;
    }

    private void broadcast() {
        try {
            Latest l = compute();
            hub.broadcast(l.id(), l.json());
        } catch (RuntimeException e) {
            LOG.error("statistics broadcast failed", e);
        }
    }
}
