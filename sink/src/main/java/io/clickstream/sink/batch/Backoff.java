package io.clickstream.sink.batch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with a cap and ±20 % jitter (so several instances do not retry in step). */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long next;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.next = initialMillis;
    }

    /** The delay before the next attempt; each call doubles the following one up to the cap. */
    public long nextDelayMillis() {
        long base = next;
        next = Math.min(maxMillis, next * 2);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Math.max(1, Math.min(maxMillis, Math.round(base * jitter)));
    }

    public void reset() {
        next = initialMillis;
    }
}
