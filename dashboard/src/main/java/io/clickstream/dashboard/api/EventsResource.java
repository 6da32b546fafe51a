package io.clickstream.dashboard.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.sse.EventFilter;
import io.clickstream.dashboard.sse.EventHub;

/** The recent click events as JSON (the live tail is an SSE stream: {@link SseRoutes}). */
@Path("/api/events")
public class EventsResource {

    private final EventHub hub;
    private final DashboardConfig config;

    EventsResource(EventHub hub, DashboardConfig config) {
        this.hub = hub;
        this.config = config;
    }

    /** {@code {"last_event_id": …, "events": [...]}}: the newest buffered events that match, oldest first. */
    @GET
    @Path("/recent")
    @Produces(MediaType.APPLICATION_JSON)
    public String recent(@RestQuery String store, @RestQuery("event_type") String eventType,
            @RestQuery String campaign, @RestQuery String limit) {
        EventFilter filter = filter(store, eventType, campaign);
        int capacity = config.buffer().capacity();
        int n = capacity;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > capacity) {
                throw new BadParameterException("limit must be a number from 1 to " + capacity);
            }
        }
        return hub.recent(filter, n).toJson();
    }

    private EventFilter filter(String store, String eventType, String campaign) {
        try {
            return EventFilter.parse(store, eventType, campaign, config.sse().maxFilterLength());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(e.getMessage());
        }
    }
}
