package io.clickstream.producer.emit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.clickstream.contract.ClickEvent;
import io.clickstream.producer.config.ProducerConfig;
import io.clickstream.producer.simulation.ShopperSimulator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Start, stop and rate of the producer, and the simulation behind it. The emitter asks it, on every tick, for
 * the events due now; the REST API changes it.
 */
@Singleton
public class ProducerControl {

    private static final Logger LOG = Logger.getLogger(ProducerControl.class);
    /** Event times may lag the wall clock by this much before the simulation is shifted forward. */
    private static final long CATCH_UP_TOLERANCE_MILLIS = 2_000;

    public enum State { WAITING_FOR_TOPIC, RUNNING, STOPPED }

    private final ShopperSimulator simulator;
    private final RateGate gate;
    private final long seed;
    private final Clock clock = Clock.systemUTC();
    private volatile double eventsPerSecond;
    private volatile boolean wantRunning;
    private volatile boolean topicReady;
    private long lastEventMillis;

    public ProducerControl(ProducerConfig config, MeterRegistry registry) {
        this.seed = config.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
        this.eventsPerSecond = config.eventsPerSecond();
        this.wantRunning = config.autostart();
        this.simulator = new ShopperSimulator(config.stores(), seed, clock.instant(), eventsPerSecond,
                config.maxActiveSessions(), config.schemaVersion());
        this.gate = new RateGate(eventsPerSecond, System.nanoTime());
        Gauge.builder("clickstream.producer.rate", this, c -> c.eventsPerSecond)
                .description("Configured events per second").baseUnit("events_per_second").register(registry);
        Gauge.builder("clickstream.producer.running", this, c -> c.state() == State.RUNNING ? 1 : 0)
                .description("1 while emitting").register(registry);
        LOG.infof("Simulating stores %s with seed %d at %.1f events/s, contract version %d", config.stores(), seed,
                eventsPerSecond, config.schemaVersion());
    }

    /**
     * The events due now, at most {@code max} (empty while stopped). Event times are simulated; they never run ahead
     * of the wall clock and never go backwards.
     */
    synchronized List<ClickEvent> due(int max) {
        long now = System.nanoTime();
        if (state() != State.RUNNING) {
            gate.reset(now);
            return List.of();
        }
        int n = gate.take(now, max);
        if (n == 0) {
            return List.of();
        }
        Instant wall = clock.instant();
        simulator.catchUp(wall, CATCH_UP_TOLERANCE_MILLIS);
        long wallMillis = wall.toEpochMilli();
        List<ClickEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ClickEvent event = simulator.next();
            long t = event.eventTime().toEpochMilli();
            long clamped = Math.max(lastEventMillis, Math.min(t, wallMillis));
            if (clamped != t) {
                event = withTime(event, Instant.ofEpochMilli(clamped));
            }
            lastEventMillis = clamped;
            events.add(event);
        }
        return events;
    }

    private static ClickEvent withTime(ClickEvent e, Instant time) {
        return new ClickEvent(e.eventId(), time, e.storeId(), e.sessionId(), e.userId(), e.eventType(), e.page(),
                e.productId(), e.categoryId(), e.price(), e.quantity(), e.referrer(), e.utmSource(), e.utmMedium(),
                e.utmCampaign(), e.adId(), e.device(), e.country(), e.schemaVersion(), e.experimentId(), e.variant(),
                e.couponCode());
    }

    public synchronized void setEventsPerSecond(double rate) {
        simulator.setEventsPerSecond(rate);
        gate.setRate(rate, System.nanoTime());
        eventsPerSecond = rate;
        LOG.infof("Rate set to %.1f events/s", rate);
    }

    public void start() {
        wantRunning = true;
    }

    public void stop() {
        wantRunning = false;
    }

    /** Called once the clicks topic exists; emission starts then (if started). */
    public void topicReady() {
        topicReady = true;
    }

    public State state() {
        if (!wantRunning) {
            return State.STOPPED;
        }
        return topicReady ? State.RUNNING : State.WAITING_FOR_TOPIC;
    }

    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    public long seed() {
        return seed;
    }

    public synchronized int activeSessions() {
        return simulator.activeSessions();
    }
}
