package io.clickstream.dashboard.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dashboard's settings ({@code dashboard.*}), validated when the application starts. */
@ConfigMapping(prefix = "dashboard")
public interface DashboardConfig {

    /** The topic of click events (also used to read lag). */
    @WithDefault("clicks")
    @NotBlank
    String topic();

    Buffer buffer();

    Sse sse();

    Stats stats();

    SinkLag sinkLag();

    UserId userId();

    interface Buffer {
        /** How many recent events are kept in memory for replay and {@code /api/events/recent}. */
        @WithDefault("1000")
        @Min(10)
        @Max(1_000_000)
        int capacity();
    }

    interface Sse {
        /** Events of this window go out to each client as one SSE message (a JSON array). */
        @WithDefault("100ms")
        @DurationMin(millis = 10)
        @DurationMax(seconds = 5)
        Duration batchInterval();

        /** A comment line is sent this often on every stream so proxies keep the connection. */
        @WithDefault("15s")
        @DurationMin(millis = 100)
        Duration heartbeat();

        /** How many recent events a new client gets first. */
        @WithDefault("100")
        @Min(0)
        int initialEvents();

        /** Per-client queue bound, in messages; the oldest message is dropped beyond it. */
        @WithDefault("100")
        @Min(2)
        int clientQueueMessages();

        /** Per-client queue bound, in bytes of payload; the oldest message is dropped beyond it. */
        @WithDefault("1048576")
        @Min(1024)
        int clientQueueBytes();

        /** The {@code retry:} delay a browser waits before reconnecting. */
        @WithDefault("2s")
        @DurationMin(millis = 100)
        Duration reconnectDelay();

        /** Kernel send buffer per connection: caps what a stalled client holds below the application. */
        @WithDefault("65536")
        @Min(4096)
        int sendBufferBytes();

        /** Longest accepted {@code store} or {@code campaign} filter value. */
        @WithDefault("128")
        @Min(1)
        int maxFilterLength();

        /**
         * Connected SSE clients of both streams together; beyond it a new one gets 503. Each costs a connection, a
         * queue of up to {@code client-queue-bytes} and a share of the CPU (1,000 clients were measured).
         */
        @WithDefault("2000")
        @Min(1)
        int maxClients();

        /**
         * Distinct filters (store, event type, campaign) among connected event-stream clients: the hub builds one
         * batch per filter every interval. A new filter beyond it gets 503; filters in use and no filter stay open.
         */
        @WithDefault("100")
        @Min(1)
        int maxFilters();

        /** The {@code Retry-After} sent with a 503 when a cap is reached. */
        @WithDefault("10s")
        @DurationMin(seconds = 1)
        @DurationMax(hours = 1)
        Duration retryAfter();
    }

    /** What the live tail shows of {@code user_id}. */
    interface UserId {
        /** Show user ids as they are; by default each is replaced by a keyed hash ({@code u_} + 16 hex digits). */
        @WithDefault("false")
        boolean showRaw();

        /**
         * HMAC-SHA256 key of the pseudonyms; without one a random key per process (pseudonyms then change with
         * every restart). Set it to keep them stable; keep it secret, or the pseudonyms can be reversed by guessing.
         */
        Optional<@jakarta.validation.constraints.Size(min = 16, message = "must be at least 16 characters") String> key();
    }

    interface Stats {
        /** How often {@code /api/stats/stream} sends the aggregates. */
        @WithDefault("1s")
        @DurationMin(millis = 100)
        Duration interval();

        /** Length of the top products and categories lists. */
        @WithDefault("10")
        @Min(1)
        @Max(100)
        int topN();

        /** Sessions tracked for the funnel and active-session counts; the least recently active go first. */
        @WithDefault("200000")
        @Min(100)
        int maxSessions();

        /** A session with no event for this long is forgotten. */
        @WithDefault("30m")
        @DurationMin(minutes = 15)
        Duration sessionTimeout();

        /** Distinct stores, campaigns or ads counted per time bucket; further ones are counted as "(other)". */
        @WithDefault("1000")
        @Min(10)
        int maxKeys();
    }

    interface SinkLag {
        /** The sink's consumer group, whose committed offsets give its lag. */
        @WithDefault("clickstream-sink")
        @NotBlank
        String groupId();

        /** How often lag (the sink's and the dashboard's own) is read from Kafka. */
        @WithDefault("5s")
        @DurationMin(millis = 500)
        Duration interval();

        /** Timeout of each admin request. */
        @WithDefault("5s")
        @DurationMin(millis = 100)
        Duration timeout();
    }
}
