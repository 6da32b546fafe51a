package io.clickstream.dashboard.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.sse.EventFilter;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.sse.LastEventId;
import io.smallrye.mutiny.Multi;

/** The live tail of click events: an SSE stream, and the recent events as JSON. */
@Path("/api/events")
public class EventsResource {

    private final EventHub hub;
    private final DashboardConfig config;

    EventsResource(EventHub hub, DashboardConfig config) {
        this.hub = hub;
        this.config = config;
    }

    /**
     * Batches of events as JSON arrays ({@code event: events}, {@code id:} = the last event's id); first the
     * events after {@code Last-Event-ID} (or the last N), then live ones. {@code event: reset} when the
     * requested id is no longer buffered, {@code event: dropped} when this client read too slowly.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @RestQuery String store,
            @RestQuery("event_type") String eventType, @RestQuery String campaign,
            @RestHeader("Last-Event-ID") String lastEventIdHeader,
            @RestQuery("last_event_id") String lastEventIdParameter) {
        EventFilter filter = filter(store, eventType, campaign);
        return hub.subscribe(sse, filter, LastEventId.parse(lastEventIdHeader, lastEventIdParameter));
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
