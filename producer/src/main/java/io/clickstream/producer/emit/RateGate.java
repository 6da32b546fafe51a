package io.clickstream.producer.emit;

/**
 * A token bucket: how many events may go out now, at a given rate. Credit is capped at a short burst, so a stall
 * (Kafka slow or down) is not followed by a flood: the producer slows down instead of catching up.
 */
final class RateGate {

    private static final double MAX_BURST_SECONDS = 0.02;

    private double ratePerSecond;
    private double credit;
    private long lastNanos;

    RateGate(double ratePerSecond, long nowNanos) {
        this.ratePerSecond = ratePerSecond;
        this.lastNanos = nowNanos;
    }

    void setRate(double ratePerSecond, long nowNanos) {
        refill(nowNanos);
        this.ratePerSecond = ratePerSecond;
    }

    /**
     * Number of events allowed now, at most {@code max}; they are taken from the bucket. What is left stays only up
     * to the burst cap, so events a full in-flight bound could not take are dropped, not owed.
     */
    int take(long nowNanos, int max) {
        refill(nowNanos);
        int n = (int) Math.min(Math.floor(credit), max);
        credit -= n;
        return n;
    }

    void reset(long nowNanos) {
        credit = 0;
        lastNanos = nowNanos;
    }

    private void refill(long nowNanos) {
        double elapsed = (nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        credit = Math.min(credit + elapsed * ratePerSecond, Math.max(1, ratePerSecond * MAX_BURST_SECONDS));
    }
}
