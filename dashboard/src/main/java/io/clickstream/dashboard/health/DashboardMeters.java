package io.clickstream.dashboard.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The dashboard's counters, shared by the classes that count. */
@ApplicationScoped
public class DashboardMeters {

    private final Counter consumed;
    private final Counter invalid;
    private final Counter droppedEvents;
    private final Counter droppedMessages;
    private final Counter rejectedClients;
    private final Counter rejectedFilters;

    DashboardMeters(MeterRegistry registry) {
        consumed = Counter.builder("clickstream.dashboard.events.consumed")
                .description("Valid click events consumed from Kafka").register(registry);
        invalid = Counter.builder("clickstream.dashboard.records.invalid")
                .description("Kafka records skipped because they break the event contract").register(registry);
        droppedEvents = Counter.builder("clickstream.dashboard.sse.dropped.events")
                .description("Events not delivered to slow SSE clients (their bounded queue was full)")
                .register(registry);
        droppedMessages = Counter.builder("clickstream.dashboard.sse.dropped.messages")
                .description("SSE messages dropped for slow clients").register(registry);
        rejectedClients = rejected(registry, "clients");
        rejectedFilters = rejected(registry, "filters");
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("clickstream.dashboard.sse.rejected").tag("reason", reason)
                .description("SSE requests refused with 503: too many clients, or too many distinct filters")
                .register(registry);
    }

    /** @param tooManyFilters the filter cap, not the client cap, refused it */
    public void rejected(boolean tooManyFilters) {
        (tooManyFilters ? rejectedFilters : rejectedClients).increment();
    }

    public void consumed() {
        consumed.increment();
    }

    public void invalid() {
        invalid.increment();
    }

    public double consumedCount() {
        return consumed.count();
    }

    public double invalidCount() {
        return invalid.count();
    }

    public void dropped(int events) {
        droppedMessages.increment();
        droppedEvents.increment(events);
    }

    public double droppedEventCount() {
        return droppedEvents.count();
    }
}
