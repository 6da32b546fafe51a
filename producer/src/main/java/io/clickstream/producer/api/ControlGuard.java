package io.clickstream.producer.api;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request to a {@link ControlEndpoint}: refused when a browser sends it for another site (403, even with
 * authentication off), without the bearer token (401 with {@code WWW-Authenticate: Bearer}), or with a body that
 * is not JSON (415). A request filter rather than Quarkus Security: one static token on three endpoints needs no
 * identities or roles. The body size is capped for the whole port by {@code quarkus.http.limits.max-body-size}.
 */
@Provider
@ControlEndpoint
public class ControlGuard implements ContainerRequestFilter {

    static final String REALM = "Bearer realm=\"clickstream-producer\"";

    private final ControlAuth auth;

    public ControlGuard(ControlAuth auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (CrossSite.isCrossSite(request.getHeaderString("Sec-Fetch-Site"), request.getHeaderString("Origin"),
                request.getHeaderString(HttpHeaders.HOST))) {
            request.abortWith(error(Response.Status.FORBIDDEN, "cross-site requests to the control API are refused"));
            return;
        }
        if (!auth.accepts(Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)))) {
            boolean sent = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
            // the token is never echoed: the reason says only whether one came
            request.abortWith(Response.fromResponse(error(Response.Status.UNAUTHORIZED,
                    sent ? "the bearer token is not valid" : "Authorization: Bearer <token> required"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, sent ? REALM + ", error=\"invalid_token\"" : REALM).build());
            return;
        }
        if (hasBody(request) && !isJson(request.getMediaType())) {
            request.abortWith(error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type: application/json required"));
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        return request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
    }

    private static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype());
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
