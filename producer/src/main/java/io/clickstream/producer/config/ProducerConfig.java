package io.clickstream.producer.config;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The producer's settings ({@code producer.*}); validated at start-up, where a bad value names its key. */
@ConfigMapping(prefix = "producer")
public interface ProducerConfig {

    /** The highest rate the API accepts: beyond what one producer instance can sensibly emit. */
    double MAX_EVENTS_PER_SECOND = 1_000_000;

    /** Events per second to emit at start-up; changeable at run time through the REST API. */
    @WithDefault("50")
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1000000")
    double eventsPerSecond();

    /** Random seed of the simulation; without one, every start differs. */
    Optional<Long> seed();

    /** The online stores to simulate. */
    @WithDefault("wwi-toys,wwi-novelty,wwi-packaging")
    @NotEmpty
    List<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be lower-case letters, digits and dashes") String> stores();

    /**
     * The event contract version emitted: 2 (default) adds experiments and coupon codes, 1 emits the version 1
     * fields only (for consumers not yet upgraded). A seeded run emits the same events either way.
     */
    @WithDefault("2")
    @Min(1)
    @Max(2)
    int schemaVersion();

    /** Emit as soon as the topic is ready; otherwise wait for {@code POST /api/producer/start}. */
    @WithDefault("true")
    boolean autostart();

    /** Partitions of the clicks topic when the producer has to create it. */
    @WithDefault("6")
    @Min(1)
    @Max(10_000)
    int topicPartitions();

    /**
     * Above this many concurrent simulated sessions, think times shrink so memory and CPU stay bounded. 20,000 keeps
     * real think times up to about 1,000 events/s.
     */
    @WithDefault("20000")
    @Min(100)
    @Max(10_000_000)
    int maxActiveSessions();

    /** Who may change the load: the control endpoints ({@code PUT /rate}, {@code POST /start}, {@code POST /stop}). */
    Control control();

    interface Control {

        /**
         * {@code token}: the control endpoints need {@code Authorization: Bearer <producer.control.token>};
         * {@code none}: no authentication (for {@code quarkus:dev}; cross-site requests are still refused).
         */
        @WithDefault("token")
        Auth auth();

        /** The bearer token; required when {@code producer.control.auth=token}. Never logged. */
        Optional<String> token();
    }

    enum Auth {
        TOKEN, NONE
    }
}
