package io.clickstream.producer.simulation;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The active sessions, ordered by the time of their next event (ties by arrival order): a binary heap whose keys
 * live in primitive arrays, so ordering never chases pointers. With 100k concurrent sessions a
 * {@code PriorityQueue} with a comparator spent most of the emitter's time in cache misses.
 */
final class SessionQueue {

    private long[] times = new long[1024];
    private long[] sequences = new long[1024];
    private Session[] sessions = new Session[1024];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the earliest next event; only valid when not empty. */
    long peekTime() {
        return times[0];
    }

    void add(Session session) {
        if (size == sessions.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            sequences = Arrays.copyOf(sequences, capacity);
            sessions = Arrays.copyOf(sessions, capacity);
        }
        int i = size++;
        long time = session.nextTime;
        long sequence = session.sequence;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(time, sequence, times[parent], sequences[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, time, sequence, session);
    }

    Session poll() {
        Session head = sessions[0];
        int last = --size;
        long time = times[last];
        long sequence = sequences[last];
        Session moved = sessions[last];
        sessions[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && less(times[right], sequences[right], times[child], sequences[child])) {
                    child = right;
                }
                if (!less(times[child], sequences[child], time, sequence)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, time, sequence, moved);
        }
        return head;
    }

    void forEach(Consumer<Session> action) {
        for (int i = 0; i < size; i++) {
            action.accept(sessions[i]);
        }
    }

    private static boolean less(long time, long sequence, long otherTime, long otherSequence) {
        return time < otherTime || (time == otherTime && sequence < otherSequence);
    }

    private void move(int from, int to) {
        set(to, times[from], sequences[from], sessions[from]);
    }

    private void set(int i, long time, long sequence, Session session) {
        times[i] = time;
        sequences[i] = sequence;
        sessions[i] = session;
    }
}
