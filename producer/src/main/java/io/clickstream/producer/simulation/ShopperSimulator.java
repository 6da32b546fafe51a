package io.clickstream.producer.simulation;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;

/**
 * Simulates shoppers on several stores: sessions arrive as a Poisson process and each walks the purchase funnel.
 * Events come out in time order across all sessions. Deterministic: the same seed and start give the same stream.
 * <p>
 * The arrival rate is derived from the wanted event rate, so simulated time keeps pace with the wall clock when
 * events are emitted at that rate. Not thread-safe: one emitter drives it.
 */
public final class ShopperSimulator {

    /** Mean think time between a session's events, in seconds (lognormal, median 12 s). */
    private static final double MEAN_THINK_SECONDS = 12.0 * Math.exp(0.9 * 0.9 / 2);

    private final SplittableRandom random;
    private final long seed;
    private final int schemaVersion;
    private final Catalog catalog;
    private final Market market;
    private final Ids ids = new Ids();
    private final int maxActiveSessions;
    private final SessionQueue active = new SessionQueue();

    private final java.util.Set<String> joinedMidway = new java.util.HashSet<>();
    private double eventsPerSecond;
    private double nextArrival;
    private long now;
    private long offsetMillis;
    private long sessionSequence;
    private long sessionsFinished;
    private long eventsOfFinishedSessions;

    /**
     * @param stores            store ids (the first three get distinct audiences)
     * @param seed              random seed
     * @param start             simulated time of the first arrival
     * @param eventsPerSecond   the event rate the arrival process is tuned to
     * @param maxActiveSessions above this many concurrent sessions, think times shrink (keeps memory bounded at
     *                          benchmark rates)
     */
    public ShopperSimulator(List<String> stores, long seed, Instant start, double eventsPerSecond, int maxActiveSessions) {
        this(stores, seed, start, eventsPerSecond, maxActiveSessions, ClickEvent.SCHEMA_VERSION);
    }

    /**
     * @param schemaVersion the contract version of the events: 1, or 2 with experiments and coupons (the other
     *                      fields are the same for the same seed)
     */
    public ShopperSimulator(List<String> stores, long seed, Instant start, double eventsPerSecond, int maxActiveSessions,
            int schemaVersion) {
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("at least one store is needed");
        }
        if (schemaVersion < ClickEvent.FIRST_SCHEMA_VERSION || schemaVersion > ClickEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema version must be " + ClickEvent.FIRST_SCHEMA_VERSION + ".."
                    + ClickEvent.SCHEMA_VERSION + ", was " + schemaVersion);
        }
        this.seed = seed;
        this.schemaVersion = schemaVersion;
        this.random = new SplittableRandom(seed);
        this.catalog = new Catalog(seed);
        this.market = new Market(stores);
        this.maxActiveSessions = maxActiveSessions;
        setEventsPerSecond(eventsPerSecond);
        warmUp(start.toEpochMilli());
    }

    /**
     * Starts the simulation a few session lengths before {@code start} and discards what happens before it, so the
     * first emitted event already sees the steady number of concurrent sessions (an empty shop would otherwise
     * race simulated time ahead of the event rate).
     */
    private void warmUp(long start) {
        long warmUpMillis = (long) (3 * 7 * MEAN_THINK_SECONDS * 1000 * thinkScale());
        now = start - warmUpMillis;
        nextArrival = now;
        while (peekTime() < start) {
            next();
        }
        active.forEach(session -> joinedMidway.add(session.id));
    }

    /** Sessions already under way when the stream starts: their first events fell in the warm-up. */
    java.util.Set<String> sessionsUnderWayAtStart() {
        return java.util.Collections.unmodifiableSet(joinedMidway);
    }

    private double peekTime() {
        return active.isEmpty() ? nextArrival : Math.min(nextArrival, active.peekTime());
    }

    public void setEventsPerSecond(double eventsPerSecond) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("events per second must be > 0, was " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
    }

    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    public int activeSessions() {
        return active.size();
    }

    /** Simulated time of the last event, as emitted (including any catch-up shift). */
    public Instant now() {
        return Instant.ofEpochMilli(now + offsetMillis);
    }

    /**
     * Keeps event times near the wall clock after emission stalled (producer stopped, Kafka down): if simulated
     * time is behind by more than the tolerance, later events are shifted forward. Times never go backwards.
     */
    public void catchUp(Instant wallClock, long toleranceMillis) {
        long behind = wallClock.toEpochMilli() - (now + offsetMillis);
        if (behind > toleranceMillis) {
            offsetMillis += behind;
        }
    }

    public ClickEvent next() {
        while (true) {
            if (active.isEmpty() || nextArrival <= active.peekTime()) {
                arrive();
                continue;
            }
            Session head = active.poll();
            now = head.nextTime;
            ClickEvent event = head.next(random, catalog, ids, offsetMillis, thinkScale());
            if (head.isDone()) {
                sessionsFinished++;
                eventsOfFinishedSessions += head.eventsEmitted;
            } else {
                active.add(head);
            }
            return event;
        }
    }

    private void arrive() {
        long at = (long) nextArrival;
        Market.Audience audience = market.pick(random, at);
        int hour = Market.localHour(at, audience.country());
        Device device = pickDevice(hour);
        String userId = random.nextDouble() < 0.35 ? ids.userId(random) : null;
        long sequence = sessionSequence++;
        Session session = new Session(ids.sessionId(random), sequence, at, audience, device, userId,
                TrafficSource.pick(random), random, schemaVersion >= 2 ? new Marketing(seed, sequence) : null);
        active.add(session);
        double sessionsPerMilli = eventsPerSecond / meanEventsPerSession() / 1000.0;
        nextArrival += -Math.log(1 - random.nextDouble()) / sessionsPerMilli;
    }

    /** Mobile dominates evenings and nights, desktop office hours. */
    private Device pickDevice(int localHour) {
        double mobile = localHour >= 18 || localHour < 7 ? 0.65 : 0.45;
        double u = random.nextDouble();
        if (u < mobile) {
            return Device.MOBILE;
        }
        return u < mobile + 0.08 ? Device.TABLET : Device.DESKTOP;
    }

    /** Learned from the sessions that finished, so the arrival rate matches the wanted event rate. */
    double meanEventsPerSession() {
        return sessionsFinished < 100 ? 7.0 : (double) eventsOfFinishedSessions / sessionsFinished;
    }

    private double thinkScale() {
        double expectedActive = eventsPerSecond * MEAN_THINK_SECONDS;
        return expectedActive <= maxActiveSessions ? 1.0 : maxActiveSessions / expectedActive;
    }
}
