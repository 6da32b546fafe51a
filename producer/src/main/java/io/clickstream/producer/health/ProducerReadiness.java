package io.clickstream.producer.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.clickstream.producer.emit.ProducerControl;

/** Ready once the clicks topic exists (Kafka answered); the Kafka extension adds its own broker checks. */
@Readiness
@ApplicationScoped
public class ProducerReadiness implements HealthCheck {

    private final ProducerControl control;

    public ProducerReadiness(ProducerControl control) {
        this.control = control;
    }

    @Override
    public HealthCheckResponse call() {
        ProducerControl.State state = control.state();
        return HealthCheckResponse.named("clickstream-producer")
                .status(state != ProducerControl.State.WAITING_FOR_TOPIC)
                .withData("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .withData("events_per_second", Double.toString(control.eventsPerSecond()))
                .build();
    }
}
