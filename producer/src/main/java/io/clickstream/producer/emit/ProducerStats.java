package io.clickstream.producer.emit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import io.clickstream.contract.EventType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts of what the producer sent, as Prometheus metrics and for the status endpoint. */
@Singleton
public class ProducerStats {

    // plain adders read by the meters, not Counters: a Counter in Quarkus's composite registry walks its registries
    // on every increment, a measurable share of Kafka's network thread at 100k+ acknowledgements per second
    private final Map<EventType, LongAdder> sentByType = new EnumMap<>(EventType.class);
    private final LongAdder generated = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicLong windowStartNanos = new AtomicLong(System.nanoTime());
    private volatile long windowStartCount;
    private volatile double measuredRate;

    public ProducerStats(MeterRegistry registry) {
        for (EventType type : EventType.values()) {
            LongAdder sent = new LongAdder();
            sentByType.put(type, sent);
            FunctionCounter.builder("clickstream.producer.events.sent", sent, LongAdder::sum)
                    .description("Events acknowledged by Kafka").tag("event_type", type.wire()).register(registry);
        }
        FunctionCounter.builder("clickstream.producer.send.errors", errors, LongAdder::sum)
                .description("Events Kafka did not accept (after the client's retries)").register(registry);
    }

    void generated(int count) {
        generated.add(count);
    }

    void sent(EventType type) {
        sentByType.get(type).increment();
    }

    void failed(Throwable error) {
        errors.increment();
        lastError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    /** The sum of the per-type counters: one count per acknowledged event, kept in one place. */
    public long eventsSent() {
        long total = 0;
        for (LongAdder sent : sentByType.values()) {
            total += sent.sum();
        }
        return total;
    }

    /** Events handed to Kafka and not yet acknowledged or failed: bounded by {@code max-inflight-messages}. */
    public long eventsPending() {
        return generated.sum() - eventsSent() - sendErrors();
    }

    public long sendErrors() {
        return errors.sum();
    }

    public String lastError() {
        return lastError.get();
    }

    public Map<String, Long> sentByType() {
        Map<String, Long> result = new java.util.LinkedHashMap<>();
        sentByType.forEach((type, sent) -> result.put(type.wire(), sent.sum()));
        return result;
    }

    /** Events acknowledged per second, over the last few seconds. */
    public double measuredRate() {
        long now = System.nanoTime();
        long start = windowStartNanos.get();
        double seconds = (now - start) / 1e9;
        if (seconds >= 2 && windowStartNanos.compareAndSet(start, now)) {
            long count = eventsSent();
            measuredRate = (count - windowStartCount) / seconds;
            windowStartCount = count;
        }
        return measuredRate;
    }
}
