package io.clickstream.producer.emit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import io.clickstream.contract.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts of what the producer sent, as Prometheus metrics and for the status endpoint. */
@Singleton
public class ProducerStats {

    private final Map<EventType, Counter> sentByType = new EnumMap<>(EventType.class);
    private final Map<EventType, LongAdder> sentCounts = new EnumMap<>(EventType.class);
    private final LongAdder generated = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final Counter errors;
    private final LongAdder errorCount = new LongAdder();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicLong windowStartNanos = new AtomicLong(System.nanoTime());
    private volatile long windowStartCount;
    private volatile double measuredRate;

    public ProducerStats(MeterRegistry registry) {
        for (EventType type : EventType.values()) {
            sentByType.put(type, Counter.builder("clickstream.producer.events.sent")
                    .description("Events acknowledged by Kafka").tag("event_type", type.wire()).register(registry));
            sentCounts.put(type, new LongAdder());
        }
        errors = Counter.builder("clickstream.producer.send.errors")
                .description("Events Kafka did not accept (after the client's retries)").register(registry);
    }

    void generated(int count) {
        generated.add(count);
    }

    void sent(EventType type) {
        sent.increment();
        sentCounts.get(type).increment();
        sentByType.get(type).increment();
    }

    void failed(Throwable error) {
        errorCount.increment();
        errors.increment();
        lastError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    public long eventsSent() {
        return sent.sum();
    }

    /** Events handed to Kafka and not yet acknowledged or failed: bounded by {@code max-inflight-messages}. */
    public long eventsPending() {
        return generated.sum() - sent.sum() - errorCount.sum();
    }

    public long sendErrors() {
        return errorCount.sum();
    }

    public String lastError() {
        return lastError.get();
    }

    public Map<String, Long> sentByType() {
        Map<String, Long> result = new java.util.LinkedHashMap<>();
        sentCounts.forEach((type, count) -> result.put(type.wire(), count.sum()));
        return result;
    }

    /** Events acknowledged per second, over the last few seconds. */
    public double measuredRate() {
        long now = System.nanoTime();
        long start = windowStartNanos.get();
        double seconds = (now - start) / 1e9;
        if (seconds >= 2 && windowStartNanos.compareAndSet(start, now)) {
            long count = sent.sum();
            measuredRate = (count - windowStartCount) / seconds;
            windowStartCount = count;
        }
        return measuredRate;
    }
}
