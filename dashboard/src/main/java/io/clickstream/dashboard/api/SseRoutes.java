package io.clickstream.dashboard.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.sse.EventFilter;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.sse.LastEventId;
import io.clickstream.dashboard.sse.SseAdmission;
import io.clickstream.dashboard.sse.StatsHub;
import io.clickstream.dashboard.stats.StatsBroadcaster;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The two SSE streams, as Vert.x routes rather than JAX-RS methods: the hubs write messages encoded once for
 * every client straight to the connections (see {@code SseFrame}), which quarkus-rest's per-connection SSE
 * formatting cannot do. Sign-in and HTTP permissions apply to these routes as to the rest of the API.
 * <p>
 * {@code GET /api/events/stream}: batches of events as JSON arrays ({@code event: events}, {@code id:} = the last
 * event's id); first the events after {@code Last-Event-ID} (header, or {@code last_event_id} parameter) or the last
 * N, then live ones. {@code event: reset} when the requested id is no longer buffered, {@code event: dropped} when
 * this client read too slowly. Parameters {@code store}, {@code event_type}, {@code campaign} filter.
 * <p>
 * {@code GET /api/stats/stream}: the aggregates ({@code event: stats}) once per interval.
 * <p>
 * Bad parameters: {@code 400 {"error": "..."}}; past a cap: {@code 503 {"error": "..."}} with {@code Retry-After}.
 */
@ApplicationScoped
public class SseRoutes {

    private final EventHub events;
    private final StatsHub stats;
    private final StatsBroadcaster broadcaster;
    private final DashboardConfig config;

    SseRoutes(EventHub events, StatsHub stats, StatsBroadcaster broadcaster, DashboardConfig config) {
        this.events = events;
        this.stats = stats;
        this.broadcaster = broadcaster;
        this.config = config;
    }

    void register(@Observes Router router) {
        router.get("/api/events/stream").handler(this::eventStream);
        router.get("/api/stats/stream").handler(this::statsStream);
    }

    private void eventStream(RoutingContext ctx) {
        EventFilter filter;
        try {
            filter = EventFilter.parse(ctx.request().getParam("store"), ctx.request().getParam("event_type"),
                    ctx.request().getParam("campaign"), config.sse().maxFilterLength());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        try {
            events.subscribe(ctx.response(), filter, LastEventId.parse(ctx.request().getHeader("Last-Event-ID"),
                    ctx.request().getParam("last_event_id")));
        } catch (SseAdmission.Rejected e) {
            overloaded(ctx, e);
        }
    }

    private void statsStream(RoutingContext ctx) {
        StatsBroadcaster.Latest latest = broadcaster.latest();
        try {
            stats.subscribe(ctx.response(), latest.id(), latest.json());
        } catch (SseAdmission.Rejected e) {
            overloaded(ctx, e);
        }
    }

    private void overloaded(RoutingContext ctx, SseAdmission.Rejected e) {
        ctx.response().putHeader("Retry-After", Long.toString(config.sse().retryAfter().toSeconds()));
        error(ctx, 503, e.getMessage());
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
