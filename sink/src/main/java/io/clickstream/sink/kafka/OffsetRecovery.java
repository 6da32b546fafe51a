package io.clickstream.sink.kafka;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.clickstream.sink.SinkPipeline;
import io.clickstream.sink.status.SinkMetrics;
import io.clickstream.sink.status.SinkStatus;
import io.clickstream.sink.table.SourcePartition;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Exactly-once on every assignment: each partition resumes right after the last offset the table
 * holds (its {@code txn} version), or at the earliest offset when the table holds none. Kafka's own
 * committed offsets are only informative.
 */
@ApplicationScoped
@Identifier(Channels.OFFSET_RECOVERY)
public class OffsetRecovery implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(OffsetRecovery.class);

    private final SinkPipeline pipeline;
    private final SinkStatus status;
    private final SinkMetrics metrics;

    @Inject
    public OffsetRecovery(SinkPipeline pipeline, SinkStatus status, SinkMetrics metrics) {
        this.pipeline = pipeline;
        this.status = status;
        this.metrics = metrics;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<String, TopicPartition> byAppId = partitions.stream()
                .collect(Collectors.toMap(tp -> source(tp).appId(pipeline.appId()), tp -> tp));
        Map<String, Long> versions;
        try {
            versions = pipeline.withStorageRetry("read the table's offsets", () -> pipeline.table().txnVersions(byAppId.keySet()));
        } catch (IOException e) {
            throw fail("cannot read the table's offsets for " + partitions + ": " + e.getMessage());
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<SourcePartition, Long> tableOffsets = new HashMap<>();
        Map<SourcePartition, Long> endOffsets = new HashMap<>();
        for (Map.Entry<String, TopicPartition> e : byAppId.entrySet()) {
            TopicPartition tp = e.getValue();
            Long version = versions.get(e.getKey());
            long end = ends.getOrDefault(tp, -1L);
            if (version == null) {
                consumer.seekToBeginning(List.of(tp));
                LOG.infof("%s: no offset in the table, starting at the earliest offset", tp);
            } else if (version >= end) {
                throw fail("partition " + tp + ": the table already holds offset " + version + " but the log ends at "
                        + end + ". Was the topic recreated? Consuming would skip or drop records; point sink.table-uri "
                        + "at a new table or change sink.app-id, then restart.");
            } else {
                consumer.seek(tp, version + 1);
                LOG.infof("%s: resuming at offset %d (table holds up to %d)", tp, version + 1, version);
            }
            tableOffsets.put(source(tp), version == null ? -1L : version);
            endOffsets.put(source(tp), end);
        }
        status.assigned(tableOffsets, endOffsets);
        metrics.track(tableOffsets.keySet());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        status.revoked(partitions.stream().map(OffsetRecovery::source).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    private IllegalStateException fail(String message) {
        LOG.error(message);
        pipeline.fail(message);
        return new IllegalStateException(message);
    }

    static SourcePartition source(TopicPartition tp) {
        return new SourcePartition(tp.topic(), tp.partition());
    }
}
