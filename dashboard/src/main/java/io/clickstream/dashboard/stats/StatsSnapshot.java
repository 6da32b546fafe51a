package io.clickstream.dashboard.stats;

import java.util.Map;

import io.clickstream.dashboard.kafka.SinkLag;
import io.clickstream.dashboard.state.WindowStats;

/**
 * Everything {@code /api/stats} shows.
 *
 * @param generatedAt    epoch millis
 * @param totalEvents    valid events consumed since the dashboard started
 * @param invalidRecords records skipped because they break the event contract
 * @param windows        {@code 1m} and {@code 15m}
 * @param consumerLag    the dashboard's own consumer lag in records (-1 before the first read)
 */
public record StatsSnapshot(long generatedAt, long totalEvents, long invalidRecords, Map<String, WindowStats> windows,
        SinkLag sinkLag, long consumerLag, Clients clients) {

    /** Connected SSE clients per stream. */
    public record Clients(int events, int stats) {
    }
}
