package io.clickstream.dashboard.api;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.clickstream.dashboard.config.DashboardConfig;
import io.clickstream.dashboard.sse.SseAdmission;

/**
 * Turns bad parameters into {@code 400 {"error": "..."}}, and an SSE request past a cap into
 * {@code 503 {"error": "..."}} with {@code Retry-After}.
 */
public class ErrorMapper {

    private final long retryAfterSeconds;

    ErrorMapper(DashboardConfig config) {
        this.retryAfterSeconds = config.sse().retryAfter().toSeconds();
    }

    @ServerExceptionMapper
    public Response overloaded(SseAdmission.Rejected e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response badParameter(BadParameterException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
