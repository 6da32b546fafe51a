package io.clickstream.dashboard.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;

/**
 * The sessions seen recently and which funnel steps each has reached. Bounded: at most {@code maxSessions}
 * (the least recently active are forgotten first) and none idle for longer than the session timeout.
 * Not thread-safe: {@link RollingAggregates} guards it.
 */
final class SessionTracker {

    /** Funnel steps, in order. */
    static final EventType[] STEPS = { EventType.PRODUCT_VIEW, EventType.ADD_TO_CART, EventType.CHECKOUT,
            EventType.PURCHASE };

    private final long timeoutMillis;
    private final LinkedHashMap<String, Session> sessions;

    private static final class Session {
        long lastSeen;
        int steps;
    }

    SessionTracker(int maxSessions, long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        // access order: iteration starts with the least recently active session
        this.sessions = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > maxSessions;
            }
        };
    }

    void record(ClickEvent e, long now) {
        String key = e.storeId() + ':' + e.sessionId();
        Session s = sessions.get(key);
        if (s == null) {
            s = new Session();
            sessions.put(key, s);
        }
        s.lastSeen = Math.max(s.lastSeen, now);
        s.steps |= stepBit(e.eventType());
    }

    int size() {
        return sessions.size();
    }

    void expire(long now) {
        long limit = now - timeoutMillis;
        Iterator<Session> it = sessions.values().iterator();
        while (it.hasNext()) {
            if (it.next().lastSeen >= limit) {
                break;
            }
            it.remove();
        }
    }

    /**
     * Counts, over the sessions active since {@code since}: {@code [active, step 1, step 2, step 3, step 4]}, a
     * session counting for every step up to the furthest it reached. A session seen only from its checkout on
     * (the dashboard started mid-session) still went through the earlier steps, so it counts for them too.
     */
    long[] funnel(long since) {
        long[] counts = new long[STEPS.length + 1];
        for (Session s : sessions.values()) {
            if (s.lastSeen < since) {
                continue;
            }
            counts[0]++;
            int furthest = 31 - Integer.numberOfLeadingZeros(s.steps); // -1 when no step
            for (int i = 0; i <= furthest; i++) {
                counts[i + 1]++;
            }
        }
        return counts;
    }

    private static int stepBit(EventType type) {
        for (int i = 0; i < STEPS.length; i++) {
            if (STEPS[i] == type) {
                return 1 << i;
            }
        }
        return 0;
    }
}
