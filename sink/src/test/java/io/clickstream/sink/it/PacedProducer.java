package io.clickstream.sink.it;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;

/** Sends contract events at a steady rate until stopped; remembers the id of every event the broker acknowledged. */
final class PacedProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final long seed;
    private final String topic;
    private volatile boolean stopped;

    PacedProducer(String bootstrap, long seed, int eventsPerTick, long tickMillis) {
        this(bootstrap, "clicks", seed, eventsPerTick, tickMillis);
    }

    PacedProducer(String bootstrap, String topic, long seed, int eventsPerTick, long tickMillis) {
        this.producer = Producers.create(bootstrap);
        this.seed = seed;
        this.topic = topic;
        ticker.scheduleAtFixedRate(() -> tick(eventsPerTick), 0, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void tick(int n) {
        if (stopped) {
            return;
        }
        int from = next.getAndAdd(n);
        List<ClickEvent> events = Events.generate(from, n, seed, Instant.parse("2026-06-01T23:59:00Z"), 7);
        for (ClickEvent e : events) {
            producer.send(new ProducerRecord<>(topic, e.kafkaKey().getBytes(StandardCharsets.UTF_8), ClickEventCodec.encode(e)),
                    (md, ex) -> {
                        if (ex == null) {
                            acked.add(e.eventId());
                        }
                    });
        }
    }

    int sent() {
        return next.get();
    }

    /** Stops sending and waits for the last acknowledgements. */
    Set<String> stop() throws InterruptedException {
        stopped = true;
        ticker.shutdown();
        ticker.awaitTermination(30, TimeUnit.SECONDS);
        producer.flush();
        return Set.copyOf(acked);
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopped) {
            stop();
        }
        producer.close();
    }
}
