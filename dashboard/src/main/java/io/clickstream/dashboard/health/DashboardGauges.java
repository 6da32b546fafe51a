package io.clickstream.dashboard.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.clickstream.dashboard.kafka.LagMonitor;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.sse.StatsHub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/** Gauges of connected clients and consumer lags, for {@code /q/metrics}. */
@ApplicationScoped
public class DashboardGauges {

    void register(@Observes StartupEvent event, MeterRegistry registry, EventHub events, StatsHub stats,
            LagMonitor lag) {
        Gauge.builder("clickstream.dashboard.sse.clients", events, EventHub::clientCount).tag("stream", "events")
                .description("Connected SSE clients").register(registry);
        Gauge.builder("clickstream.dashboard.sse.clients", stats, StatsHub::clientCount).tag("stream", "stats")
                .description("Connected SSE clients").register(registry);
        Gauge.builder("clickstream.dashboard.consumer.lag", lag, LagMonitor::ownLag)
                .description("Records in the topic not yet consumed by the dashboard (-1: not read yet)")
                .register(registry);
        Gauge.builder("clickstream.dashboard.sink.lag", lag, l -> l.sinkLag().total() == null ? -1 : l.sinkLag().total())
                .description("Records not yet committed by the sink's consumer group (-1: unknown)")
                .register(registry);
    }
}
