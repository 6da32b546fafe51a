package io.clickstream.producer.emit;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Hands encoded events to the Kafka producer of the {@code clicks} channel from its own thread, at most
 * {@code max-inflight-messages} pending (queued here or unacknowledged by Kafka) at a time, and counts each
 * acknowledgement or failure.
 * <p>
 * The channel stays configured as before (its Kafka settings, TLS/SASL, the readiness check that asks the broker for
 * the topic, closing the producer at shutdown), but records go to its Kafka producer directly: the connector's
 * per-message path (a Uni per message, context capture, a hop to its sending thread, per-message acknowledgement
 * plumbing) cost more CPU than the simulation and encoding together, and kept ~10 KiB of heap per pending message,
 * which made a 512 MiB heap thrash at full speed. Here a pending event costs its record and one small callback.
 * <p>
 * Kafka's {@code send} blocks while the producer has no metadata for the topic (the broker away) and then rejects the
 * record with a retriable error without taking it: such a record is offered again, as the connector retried, so an
 * outage delays events instead of failing them. Errors Kafka reports after taking a record (after its own retries,
 * within {@code delivery.timeout.ms}) are final and counted.
 */
@Singleton
public class ClickSender {

    private static final Logger LOG = Logger.getLogger(ClickSender.class);

    /** The events of one tick and their encodings. */
    record Batch(List<ClickEvent> events, List<byte[]> values) {
    }

    private final KafkaClientService clients;
    private final ProducerStats stats;
    private final String topic;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    // unbounded in batches, bounded in events by maxInFlight (room() is asked before each batch)
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::run, "click-sender");
    private volatile boolean stopping;

    /**
     * @param unusedChannel keeps the {@code clicks} channel (and so its Kafka producer and health checks) in the
     *        application; nothing is sent through it
     */
    public ClickSender(KafkaClientService clients, ProducerStats stats,
            @ConfigProperty(name = "mp.messaging.outgoing.clicks.topic", defaultValue = "clicks") String topic,
            @ConfigProperty(name = "mp.messaging.outgoing.clicks.max-inflight-messages") int maxInFlight,
            @Channel(Channels.CLICKS) Emitter<Record<String, byte[]>> unusedChannel) {
        this.clients = clients;
        this.stats = stats;
        this.topic = topic;
        this.maxInFlight = maxInFlight;
        thread.setDaemon(true);
    }

    /** How many more events may be handed over now without passing the in-flight bound. */
    int room() {
        return maxInFlight - inFlight.get();
    }

    /** Queues one tick's events for sending; the caller asked {@link #room()} first. */
    void send(Batch batch) {
        inFlight.addAndGet(batch.events().size());
        queue.add(batch);
        if (thread.getState() == Thread.State.NEW) {
            startOnce();
        }
    }

    private synchronized void startOnce() {
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    // before the connector closes the Kafka producer (observers of lower priority values run first)
    void onStop(@Observes @Priority(2) ShutdownEvent event) {
        stopping = true;
        thread.interrupt();
    }

    private void run() {
        // created by the connector at start-up, before the topic is ready and the first event is due
        Producer<String, byte[]> kafka = clients.<String, byte[]> getProducer(Channels.CLICKS).unwrap();
        try {
            while (!stopping) {
                Batch batch = queue.take();
                for (int i = 0; i < batch.events().size() && !stopping; i++) {
                    ClickEvent event = batch.events().get(i);
                    send(kafka, new ProducerRecord<>(topic, event.kafkaKey(), batch.values().get(i)),
                            new Delivery(event.eventType()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Producer<String, byte[]> kafka, ProducerRecord<String, byte[]> record, Delivery delivery) {
        while (!stopping) {
            try {
                kafka.send(record, delivery);
            } catch (InterruptException e) {
                return; // shutting down
            } catch (RuntimeException e) {
                // thrown (not passed to the callback) when the producer is closed or misconfigured
                delivery.complete(e);
                return;
            }
            if (!delivery.rejected) {
                return;
            }
            LOG.debugf("Kafka did not take an event (%s); offering it again", delivery.rejection);
            delivery.rejected = false;
        }
    }

    /** One record's outcome: on this sender's thread if Kafka refused it at once, else on Kafka's network thread. */
    private final class Delivery implements Callback {

        private final EventType type;
        /** Set (on the sender's own thread, inside send) when Kafka refused the record without taking it. */
        boolean rejected;
        Exception rejection;

        Delivery(EventType type) {
            this.type = type;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error instanceof RetriableException && Thread.currentThread() == thread) {
                rejected = true;
                rejection = error;
                return;
            }
            complete(error);
        }

        void complete(Exception error) {
            inFlight.decrementAndGet();
            if (error == null) {
                stats.sent(type);
            } else {
                stats.failed(error);
            }
        }
    }
}
