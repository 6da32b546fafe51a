package io.clickstream.dashboard.kafka;

import java.util.List;

/**
 * The sink's consumer lag: per partition, end offset minus the offset the sink group committed.
 *
 * @param groupId    the sink's consumer group
 * @param status     {@code ok}; {@code no_offsets} when the group has committed nothing (sink not started);
 *                   {@code unavailable} when Kafka could not be asked; {@code unknown} before the first read
 * @param message    what went wrong, when status is not ok
 * @param total      the sum of the partitions' lag, null unless status is ok
 * @param partitions per-partition detail
 * @param updatedAt  epoch millis of the read
 */
public record SinkLag(String groupId, String status, String message, Long total, List<PartitionLag> partitions,
        long updatedAt) {

    /** @param committed null when the group has no offset for that partition (its lag then counts from 0) */
    public record PartitionLag(int partition, Long committed, long end, long lag) {
    }

    static SinkLag unknown(String groupId) {
        return new SinkLag(groupId, "unknown", "not read yet", null, List.of(), 0);
    }
}
