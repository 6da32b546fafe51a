package io.clickstream.dashboard.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent events, in id order, in a fixed-size ring. Thread-safe.
 * <p>
 * It remembers the highest id it no longer holds, so a reader can tell "nothing was missed after id X"
 * from "events after X were already evicted".
 */
public final class EventLog {

    private final StoredEvent[] ring;
    private int start;
    private int size;
    private long horizon;

    /**
     * @param capacity how many events are kept
     * @param horizon  ids up to this one are unknown to this log (the previous run's, say)
     */
    public EventLog(int capacity, long horizon) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ring = new StoredEvent[capacity];
        this.horizon = horizon;
    }

    public int capacity() {
        return ring.length;
    }

    public synchronized void append(StoredEvent event) {
        if (size > 0 && event.id() <= newestId()) {
            throw new IllegalArgumentException("ids must increase: " + event.id() + " after " + newestId());
        }
        if (size == ring.length) {
            horizon = ring[start].id();
            ring[start] = event;
            start = (start + 1) % ring.length;
        } else {
            ring[(start + size) % ring.length] = event;
            size++;
        }
    }

    public synchronized int size() {
        return size;
    }

    /** The id of the newest event, or the horizon when empty. */
    public synchronized long newestId() {
        return size == 0 ? horizon : ring[(start + size - 1) % ring.length].id();
    }

    /** The highest id this log no longer holds (or never held). */
    public synchronized long horizon() {
        return horizon;
    }

    /**
     * True when every event with an id greater than {@code id} is still here, so a reader that has seen
     * everything up to {@code id} can catch up without a gap.
     */
    public synchronized boolean coversAfter(long id) {
        return id >= horizon;
    }

    /** Events with {@code after < id <= upTo}, oldest first, that match. */
    public synchronized List<StoredEvent> between(long after, long upTo, Predicate<StoredEvent> filter) {
        List<StoredEvent> result = new ArrayList<>();
        for (int i = firstIndexAfter(after); i < size; i++) {
            StoredEvent e = ring[(start + i) % ring.length];
            if (e.id() > upTo) {
                break;
            }
            if (filter.test(e)) {
                result.add(e);
            }
        }
        return result;
    }

    /** The newest {@code limit} matching events with {@code id <= upTo}, oldest first. */
    public synchronized List<StoredEvent> latest(int limit, long upTo, Predicate<StoredEvent> filter) {
        List<StoredEvent> reversed = new ArrayList<>(Math.min(limit, size));
        for (int i = size - 1; i >= 0 && reversed.size() < limit; i--) {
            StoredEvent e = ring[(start + i) % ring.length];
            if (e.id() <= upTo && filter.test(e)) {
                reversed.add(e);
            }
        }
        List<StoredEvent> result = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            result.add(reversed.get(i));
        }
        return result;
    }

    /** Binary search: the position of the first event with an id greater than {@code id}. */
    private int firstIndexAfter(long id) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ring[(start + mid) % ring.length].id() <= id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
