package io.clickstream.sink.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.clickstream.sink.SinkPipeline;
import io.clickstream.sink.status.SinkState;
import io.clickstream.sink.status.SinkStatus;

/** Ready while the table's storage answers; DOWN while commits fail and are being retried. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    @Inject
    SinkStatus status;
    @Inject
    SinkPipeline pipeline;

    @Override
    public HealthCheckResponse call() {
        SinkState state = status.state();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("delta-table-storage")
                .status(state == SinkState.RUNNING)
                .withData("table", pipeline.tableUri())
                .withData("state", state.wireName());
        if (state != SinkState.RUNNING && status.lastError() != null) {
            b.withData("error", status.lastError());
        }
        return b.build();
    }
}
