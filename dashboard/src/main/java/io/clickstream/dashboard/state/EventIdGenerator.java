package io.clickstream.dashboard.state;

import java.util.function.LongSupplier;

/**
 * Issues event ids that only grow, also across restarts of the dashboard, without storing anything.
 * <p>
 * An id is {@code max(previous + 1, now in millis × 1000)}: a restarted instance starts from its clock,
 * which is past every id the previous instance issued as long as that one issued fewer than 1,000 ids
 * per millisecond on average (a million events per second) and the clock did not step back.
 * Ids stay below 2^53, so a browser reads them exactly as numbers.
 */
public final class EventIdGenerator {

    static final long IDS_PER_MILLI = 1_000;

    private final LongSupplier clockMillis;
    private final long firstPossibleId;
    private long last;

    public EventIdGenerator(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.firstPossibleId = clockMillis.getAsLong() * IDS_PER_MILLI;
        this.last = firstPossibleId - 1;
    }

    /** The smallest id this instance can issue: ids below it belong to an earlier run. */
    public long firstPossibleId() {
        return firstPossibleId;
    }

    public synchronized long next() {
        last = Math.max(last + 1, clockMillis.getAsLong() * IDS_PER_MILLI);
        return last;
    }
}
