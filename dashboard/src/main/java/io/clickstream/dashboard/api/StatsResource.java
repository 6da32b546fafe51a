package io.clickstream.dashboard.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.clickstream.dashboard.sse.StatsHub;
import io.clickstream.dashboard.stats.StatsBroadcaster;
import io.clickstream.dashboard.stats.StatsService;
import io.smallrye.mutiny.Multi;

/** The rolling aggregates and lags: as JSON, and as an SSE stream once per interval. */
@Path("/api/stats")
public class StatsResource {

    private final StatsService service;
    private final StatsBroadcaster broadcaster;
    private final StatsHub hub;

    StatsResource(StatsService service, StatsBroadcaster broadcaster, StatsHub hub) {
        this.service = service;
        this.broadcaster = broadcaster;
        this.hub = hub;
    }

    /** Computed at the time of the request. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String stats() {
        return service.toJson(service.snapshot());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        StatsBroadcaster.Latest latest = broadcaster.latest();
        return hub.subscribe(sse, latest.id(), latest.json());
    }
}
