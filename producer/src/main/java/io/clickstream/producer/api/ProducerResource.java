package io.clickstream.producer.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.producer.config.ProducerConfig;
import io.clickstream.producer.emit.ProducerControl;
import io.clickstream.producer.emit.ProducerStats;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The producer's control API: status (open: it reveals nothing that changes the load), rate, start, stop (each a
 * {@link ControlEndpoint}: bearer token, no cross-site requests).
 */
@Path("/api/producer")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class ProducerResource {

    private final ProducerControl control;
    private final ProducerStats stats;
    private final ObjectMapper mapper;

    public ProducerResource(ProducerControl control, ProducerStats stats, ObjectMapper mapper) {
        this.control = control;
        this.stats = stats;
        this.mapper = mapper;
    }

    @GET
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", control.state().name().toLowerCase(java.util.Locale.ROOT));
        status.put("events_per_second", control.eventsPerSecond());
        status.put("measured_events_per_second", Math.round(stats.measuredRate() * 10) / 10.0);
        status.put("events_sent", stats.eventsSent());
        status.put("events_pending", stats.eventsPending());
        status.put("send_errors", stats.sendErrors());
        status.put("last_error", stats.lastError());
        status.put("events_by_type", stats.sentByType());
        status.put("active_sessions", control.activeSessions());
        status.put("seed", control.seed());
        return status;
    }

    /** Body: {@code {"events_per_second": N}} with 0 &lt; N ≤ 1,000,000. */
    @PUT
    @Path("/rate")
    @ControlEndpoint
    @Consumes(MediaType.WILDCARD)
    public Response setRate(String body) {
        if (body == null || body.isBlank()) {
            return badRequest("body required: {\"events_per_second\": N}");
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return badRequest("body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode rate = json == null ? null : json.get("events_per_second");
        if (rate == null || rate.isNull()) {
            return badRequest("field events_per_second is required, e.g. {\"events_per_second\": 500}");
        }
        if (!rate.isNumber()) {
            return badRequest("events_per_second must be a number, got " + rate.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        double value = rate.doubleValue();
        if (!(value > 0) || Double.isInfinite(value)) {
            return badRequest("events_per_second must be greater than 0 (use POST /api/producer/stop to pause), got " + rate.asText());
        }
        if (value > ProducerConfig.MAX_EVENTS_PER_SECOND) {
            return badRequest("events_per_second must be at most " + (long) ProducerConfig.MAX_EVENTS_PER_SECOND + ", got " + rate.asText());
        }
        control.setEventsPerSecond(value);
        return Response.ok(status()).build();
    }

    @POST
    @Path("/start")
    @ControlEndpoint
    public Map<String, Object> start() {
        control.start();
        return status();
    }

    @POST
    @Path("/stop")
    @ControlEndpoint
    public Map<String, Object> stop() {
        control.stop();
        return status();
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build();
    }
}
