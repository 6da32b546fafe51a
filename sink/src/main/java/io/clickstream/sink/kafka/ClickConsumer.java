package io.clickstream.sink.kafka;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.sink.SinkPipeline;
import io.clickstream.sink.batch.Polled;
import io.clickstream.sink.config.SinkConfig;
import io.clickstream.sink.status.SinkMetrics;
import io.clickstream.sink.status.SinkStatus;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;

/**
 * Reads the clicks topic in batches (one per poll), validates each record with the event contract,
 * sends invalid ones to the dead-letter topic and hands the rest to the micro-batcher. Returning the
 * batcher's stage holds the stream while the batcher is full, which pauses the partitions.
 */
@ApplicationScoped
public class ClickConsumer {

    private final SinkPipeline pipeline;
    private final DeadLetterPublisher deadLetters;
    private final SinkStatus status;
    private final SinkMetrics metrics;
    private final int maxRecordBytes;

    @Inject
    public ClickConsumer(SinkPipeline pipeline, DeadLetterPublisher deadLetters, SinkStatus status, SinkMetrics metrics,
            SinkConfig config) {
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.status = status;
        this.metrics = metrics;
        this.maxRecordBytes = config.maxRecordBytes();
    }

    @Incoming(Channels.CLICKS)
    public CompletionStage<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        Instant ingestTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ClickRow> rows = new ArrayList<>(records.count());
        Map<SourcePartition, Long> lastOffsets = new HashMap<>();
        List<CompletionStage<Void>> dead = new ArrayList<>(0);
        long bytes = 0;
        int unknown = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byte[] value = r.value();
            bytes += value == null ? 0 : value.length;
            lastOffsets.merge(new SourcePartition(r.topic(), r.partition()), r.offset(), Math::max);
            String reason;
            if (value != null && value.length > maxRecordBytes) {
                reason = "$: record value too large: " + value.length + " bytes (limit " + maxRecordBytes + ")";
            } else {
                DecodeResult decoded = ClickEventCodec.decode(value);
                if (decoded.isValid()) {
                    rows.add(new ClickRow(decoded.event(), r.partition(), r.offset(), ingestTime));
                    if (!decoded.unknownFields().isEmpty()) {
                        unknown++;
                    }
                    continue;
                }
                reason = decoded.reason();
            }
            dead.add(deadLetters.publish(r, reason));
        }
        status.read(records.count(), dead.size(), unknown);
        metrics.read(records.count(), dead.size(), unknown);
        return pipeline.batcher().add(new Polled(rows, lastOffsets, records.count(), bytes, dead));
    }
}
