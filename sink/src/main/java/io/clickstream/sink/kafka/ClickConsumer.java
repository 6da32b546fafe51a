package io.clickstream.sink.kafka;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
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
 * <p>
 * A large poll is decoded in slices on several cores at once (decoding is a pure function of the
 * record); everything else, dead letters included, then runs in the records' order on the calling thread.
 */
@ApplicationScoped
public class ClickConsumer {

    /** Records per decoding slice: smaller polls are decoded on the calling thread alone. */
    static final int MIN_SLICE = 1_000;

    private final SinkPipeline pipeline;
    private final DeadLetterPublisher deadLetters;
    private final SinkStatus status;
    private final SinkMetrics metrics;
    private final int maxRecordBytes;
    private final int contractVersion;
    private final int slices = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ThreadPoolExecutor decoders;

    @Inject
    public ClickConsumer(SinkPipeline pipeline, DeadLetterPublisher deadLetters, SinkStatus status, SinkMetrics metrics,
            SinkConfig config) {
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.status = status;
        this.metrics = metrics;
        this.maxRecordBytes = config.maxRecordBytes();
        this.contractVersion = config.contractVersion();
        int helpers = Math.max(1, slices - 1);
        this.decoders = new ThreadPoolExecutor(helpers, helpers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sink-decoder");
            t.setDaemon(true);
            return t;
        });
        this.decoders.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        decoders.shutdownNow();
    }

    @Incoming(Channels.CLICKS)
    public CompletionStage<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        Instant ingestTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        DecodeResult[] decoded = new DecodeResult[list.size()];
        decodeAll(list, decoded);
        List<ClickRow> rows = new ArrayList<>(list.size());
        Map<SourcePartition, Long> lastOffsets = new HashMap<>();
        List<CompletionStage<Void>> dead = new ArrayList<>(0);
        long bytes = 0;
        int unknown = 0;
        SourcePartition lastPartition = null;
        for (int i = 0; i < list.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = list.get(i);
            byte[] value = r.value();
            bytes += value == null ? 0 : value.length;
            if (lastPartition == null || lastPartition.partition() != r.partition() || !lastPartition.topic().equals(r.topic())) {
                lastPartition = new SourcePartition(r.topic(), r.partition());
            }
            lastOffsets.merge(lastPartition, r.offset(), Math::max);
            String reason;
            DecodeResult d = decoded[i];
            if (d == null) {
                reason = "$: record value too large: " + value.length + " bytes (limit " + maxRecordBytes + ")";
            } else if (d.isValid()) {
                rows.add(new ClickRow(d.event(), r.partition(), r.offset(), ingestTime, d.rescuedData()));
                if (!d.unknownFields().isEmpty()) {
                    unknown++;
                }
                continue;
            } else {
                reason = d.reason();
            }
            dead.add(deadLetters.publish(r, reason));
        }
        status.read(list.size(), dead.size(), unknown);
        metrics.read(list.size(), dead.size(), unknown);
        return pipeline.batcher().add(new Polled(rows, lastOffsets, list.size(), bytes, dead));
    }

    /** The contract's verdict per record (null for a record too large to decode). */
    private void decodeAll(List<ConsumerRecord<byte[], byte[]>> list, DecodeResult[] out) {
        int n = Math.max(1, Math.min(slices, list.size() / MIN_SLICE));
        int size = (list.size() + n - 1) / n;
        List<Future<?>> helpers = new ArrayList<>(n - 1);
        for (int s = 1; s < n; s++) {
            int from = s * size;
            int to = Math.min(list.size(), from + size);
            helpers.add(decoders.submit(() -> decode(list, out, from, to)));
        }
        decode(list, out, 0, Math.min(list.size(), size));
        boolean interrupted = false;
        for (Future<?> f : helpers) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("decoding failed", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void decode(List<ConsumerRecord<byte[], byte[]>> list, DecodeResult[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] value = list.get(i).value();
            out[i] = value != null && value.length > maxRecordBytes ? null : ClickEventCodec.decode(value, contractVersion);
        }
    }
}
