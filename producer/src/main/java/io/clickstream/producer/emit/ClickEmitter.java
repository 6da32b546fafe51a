package io.clickstream.producer.emit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.clickstream.contract.ClickEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The click stream: a Mutiny ticker on its own thread asks {@link ProducerControl} for the events due, encodes them
 * and hands them to {@link ClickSender} (which sends them from another thread: simulation and encoding here,
 * Kafka's compression there). Back-pressure: a tick asks for no more events than the sender's in-flight
 * bound has room for, and the rate gate does not bank what a tick could not take beyond a short burst, so a slow or
 * absent Kafka slows the producer down instead of filling memory.
 */
@Singleton
public class ClickEmitter {

    private static final Logger LOG = Logger.getLogger(ClickEmitter.class);
    static final Duration TICK = Duration.ofMillis(5);

    private final ProducerControl control;
    private final ProducerStats stats;
    private final ClickSender sender;
    // one thread: ticks never overlap
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "click-emitter");
        t.setDaemon(true);
        return t;
    });
    /** Used on the emitter's thread only. */
    private final EventEncoder encoder = new EventEncoder();
    private volatile Cancellable ticks;

    public ClickEmitter(ProducerControl control, ProducerStats stats, ClickSender sender) {
        this.control = control;
        this.stats = stats;
        this.sender = sender;
    }

    void onStart(@Observes StartupEvent event) {
        ticks = Multi.createFrom().ticks().onExecutor(thread).every(TICK)
                .subscribe().with(tick -> emitDue(), failure -> LOG.error("Click stream failed", failure));
    }

    // before the connector closes the Kafka producer (observers of lower priority values run first)
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        Cancellable t = ticks;
        if (t != null) {
            t.cancel();
        }
        thread.shutdown();
    }

    private void emitDue() {
        try {
            int room = sender.room();
            List<ClickEvent> events = control.due(Math.max(room, 0));
            if (events.isEmpty()) {
                return;
            }
            List<byte[]> values = new ArrayList<>(events.size());
            for (ClickEvent e : events) {
                values.add(encoder.encode(e));
            }
            stats.generated(events.size());
            sender.send(new ClickSender.Batch(events, values));
        } catch (RuntimeException e) {
            // a bug in the simulation must not end the stream silently
            LOG.error("Emitting events failed", e);
        }
    }
}
