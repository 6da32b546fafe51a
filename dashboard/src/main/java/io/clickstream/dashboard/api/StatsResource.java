package io.clickstream.dashboard.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.clickstream.dashboard.stats.StatsService;

/** The rolling aggregates and lags as JSON (their SSE stream: {@link SseRoutes}). */
@Path("/api/stats")
public class StatsResource {

    private final StatsService service;

    StatsResource(StatsService service) {
        this.service = service;
    }

    /** Computed at the time of the request. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String stats() {
        return service.toJson(service.snapshot());
    }
}
