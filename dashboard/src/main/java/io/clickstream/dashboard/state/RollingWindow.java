package io.clickstream.dashboard.state;

import java.util.ArrayList;
import java.util.List;

import io.clickstream.contract.ClickEvent;

/** A sliding window made of fixed time buckets (for example 60 × 1 s, or 90 × 10 s). Not thread-safe. */
final class RollingWindow {

    private final String name;
    private final long bucketMillis;
    private final CountBucket[] buckets;

    RollingWindow(String name, long bucketMillis, int bucketCount) {
        this.name = name;
        this.bucketMillis = bucketMillis;
        this.buckets = new CountBucket[bucketCount];
        for (int i = 0; i < bucketCount; i++) {
            buckets[i] = new CountBucket();
        }
    }

    String name() {
        return name;
    }

    long spanMillis() {
        return bucketMillis * buckets.length;
    }

    void add(ClickEvent event, long now, int maxKeys) {
        long aligned = align(now);
        CountBucket bucket = buckets[index(aligned)];
        if (bucket.start != aligned) {
            bucket.reset(aligned);
        }
        bucket.add(event, maxKeys);
    }

    /** The time the window currently starts at (the start of its oldest bucket). */
    long windowStart(long now) {
        return align(now) - (buckets.length - 1) * bucketMillis;
    }

    /** All counts of the window. */
    CountBucket sum(long now) {
        long oldest = windowStart(now);
        CountBucket total = new CountBucket();
        total.start = oldest;
        for (CountBucket b : buckets) {
            if (b.start >= oldest && b.start <= now) {
                total.add(b);
            }
        }
        return total;
    }

    /** Events per second of each complete bucket, oldest first (the current, partial bucket is left out). */
    List<RatePoint> series(long now) {
        long current = align(now);
        List<RatePoint> points = new ArrayList<>(buckets.length - 1);
        for (int k = buckets.length - 1; k >= 1; k--) {
            long start = current - k * bucketMillis;
            CountBucket b = buckets[index(start)];
            long count = b.start == start ? b.events : 0;
            points.add(new RatePoint(start, count * 1000.0 / bucketMillis));
        }
        return points;
    }

    private long align(long time) {
        return time - Math.floorMod(time, bucketMillis);
    }

    private int index(long alignedStart) {
        return (int) Math.floorMod(alignedStart / bucketMillis, (long) buckets.length);
    }
}
