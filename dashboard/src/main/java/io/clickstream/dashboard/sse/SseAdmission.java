package io.clickstream.dashboard.sse;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.health.DashboardMeters;

/**
 * Admits SSE clients up to the caps: clients of both streams together ({@code dashboard.sse.max-clients}), and
 * distinct filters of the event stream ({@code dashboard.sse.max-filters}). A client holds its slot until its
 * stream ends.
 */
@ApplicationScoped
public class SseAdmission {

    private final int maxClients;
    private final int maxFilters;
    private final DashboardMeters meters;
    private final Map<EventFilter, Integer> clientsByFilter = new HashMap<>();
    private int clients;

    SseAdmission(DashboardConfig config, DashboardMeters meters) {
        this.maxClients = config.sse().maxClients();
        this.maxFilters = config.sse().maxFilters();
        this.meters = meters;
    }

    /**
     * @param filter the event stream's filter; null for the stats stream. {@link EventFilter#ALL} is not counted
     *               among the filters.
     * @throws Rejected when a cap is reached
     */
    public synchronized Ticket admit(EventFilter filter) {
        if (clients >= maxClients) {
            meters.rejected(false);
            throw new Rejected("too many SSE clients (" + maxClients + "); try again later");
        }
        boolean counted = filter != null && !filter.equals(EventFilter.ALL);
        if (counted && !clientsByFilter.containsKey(filter) && clientsByFilter.size() >= maxFilters) {
            meters.rejected(true);
            throw new Rejected("too many distinct filters in use (" + maxFilters + "); try again later, or without a filter");
        }
        clients++;
        if (counted) {
            clientsByFilter.merge(filter, 1, Integer::sum);
        }
        return new Ticket(counted ? filter : null);
    }

    public synchronized int clients() {
        return clients;
    }

    public synchronized int filters() {
        return clientsByFilter.size();
    }

    private synchronized void release(EventFilter filter) {
        clients--;
        if (filter != null) {
            clientsByFilter.computeIfPresent(filter, (f, n) -> n == 1 ? null : n - 1);
        }
    }

    /** One admitted client's slot; released once, however often its stream reports its end. */
    public final class Ticket {
        private final EventFilter filter;
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket(EventFilter filter) {
            this.filter = filter;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                SseAdmission.this.release(filter);
            }
        }
    }

    /** A cap is reached: answered with 503 and {@code Retry-After}. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
