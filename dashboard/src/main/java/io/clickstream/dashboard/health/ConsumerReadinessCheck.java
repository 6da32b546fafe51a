package io.clickstream.dashboard.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.clickstream.dashboard.kafka.ConsumerPositions;

/** Ready once the consumer owns partitions of the topic and has fixed its starting offsets. */
@Readiness
@ApplicationScoped
public class ConsumerReadinessCheck implements HealthCheck {

    private final ConsumerPositions positions;

    ConsumerReadinessCheck(ConsumerPositions positions) {
        this.positions = positions;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dashboard-consumer")
                .status(positions.isReady())
                .withData("assigned_partitions", positions.assigned().size())
                .build();
    }
}
