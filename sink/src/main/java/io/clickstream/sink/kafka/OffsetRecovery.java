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
import io.clickstream.sink.config.OffsetGapPolicy;
import io.clickstream.sink.config.SinkConfig;
import io.clickstream.sink.status.SinkMetrics;
import io.clickstream.sink.status.SinkStatus;
import io.clickstream.sink.table.SourcePartition;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Exactly-once on every assignment: each partition resumes right after the last offset the table
 * holds (its {@code txn} version), or at the earliest offset when the table holds none. Kafka's own
 * committed offsets are only informative. Records the table needs but Kafka no longer has stop the sink
 * (or, if the user accepts such gaps, are recorded as lost): they are never skipped silently.
 */
@ApplicationScoped
@Identifier(Channels.OFFSET_RECOVERY)
public class OffsetRecovery implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(OffsetRecovery.class);

    private final SinkPipeline pipeline;
    private final SinkStatus status;
    private final SinkMetrics metrics;
    private final OffsetGapPolicy onGap;

    @Inject
    public OffsetRecovery(SinkPipeline pipeline, SinkStatus status, SinkMetrics metrics, SinkConfig config) {
        this.pipeline = pipeline;
        this.status = status;
        this.metrics = metrics;
        this.onGap = config.onOffsetGap();
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
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        Map<SourcePartition, Long> tableOffsets = new HashMap<>();
        Map<SourcePartition, Long> endOffsets = new HashMap<>();
        for (Map.Entry<String, TopicPartition> e : byAppId.entrySet()) {
            TopicPartition tp = e.getValue();
            Long version = versions.get(e.getKey());
            long end = ends.getOrDefault(tp, -1L);
            long start = starts.getOrDefault(tp, 0L);
            if (version == null) {
                consumer.seekToBeginning(List.of(tp));
                LOG.infof("%s: no offset in the table, starting at the earliest offset", tp);
            } else if (version >= end) {
                throw fail("partition " + tp + ": the table already holds offset " + version + " but the log ends at "
                        + end + ". Was the topic recreated? Consuming would skip or drop records; point sink.table-uri "
                        + "at a new table or change sink.app-id, then restart.");
            } else if (version + 1 < start) {
                version = acceptGap(tp, version, start);
                consumer.seek(tp, start);
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

    /**
     * Kafka deleted records the table never got (retention ran while the sink was stopped or far behind). Fails
     * unless {@code sink.on-offset-gap=accept}; then the gap is committed to the table's history and counted.
     *
     * @return the offset the table holds afterwards
     */
    private long acceptGap(TopicPartition tp, long lastInTable, long start) {
        long lost = start - (lastInTable + 1);
        String gap = "partition " + tp + ": " + lost + " offset(s) lost, " + (lastInTable + 1) + " to " + (start - 1)
                + ": Kafka deleted them (retention) before the table got them (the table holds up to " + lastInTable
                + ", the log now starts at " + start + ")";
        if (onGap == OffsetGapPolicy.FAIL) {
            throw fail(gap + ". Nothing was skipped; the sink stopped. To accept the loss and go on from offset " + start
                    + ", set sink.on-offset-gap=accept and restart: the gap is then recorded in the table's history.");
        }
        SourcePartition sp = source(tp);
        String note = "clickstream-sink accepted an offset gap (sink.on-offset-gap=accept): " + gap;
        long version;
        try {
            version = pipeline.withStorageRetry("record the offset gap of " + tp,
                    () -> pipeline.committer().recordOffsetGap(sp, lastInTable, start, note));
        } catch (IOException e) {
            throw fail("cannot record the offset gap of " + tp + " in the table: " + e.getMessage());
        }
        if (version < 0) {
            // another sink moved this partition's offset meanwhile: take the table's word for it on the next assignment
            throw fail("partition " + tp + ": the table's offset changed while recording an offset gap; restart the sink");
        }
        LOG.warnf("%s; accepted (sink.on-offset-gap=accept), recorded in table version %d, resuming at %d", gap, version, start);
        status.offsetsSkipped(lost);
        metrics.offsetsSkipped(sp, lost);
        return start - 1;
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
