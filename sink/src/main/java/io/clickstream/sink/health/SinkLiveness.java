package io.clickstream.sink.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.clickstream.sink.status.SinkState;
import io.clickstream.sink.status.SinkStatus;

/** DOWN only when the sink stopped for good (e.g. the table's offsets are past the topic's end): restart after fixing. */
@Liveness
@ApplicationScoped
public class SinkLiveness implements HealthCheck {

    @Inject
    SinkStatus status;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("sink").status(status.state() != SinkState.FAILED);
        if (status.state() == SinkState.FAILED) {
            b.withData("error", String.valueOf(status.lastError()));
        }
        return b.build();
    }
}
