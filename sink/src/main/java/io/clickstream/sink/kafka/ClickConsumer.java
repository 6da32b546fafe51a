package io.clickstream.sink.kafka;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.jboss.logging.Logger;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.contract.FlatEvent;
import io.clickstream.sink.SinkPipeline;
import io.clickstream.sink.batch.Polled;
import io.clickstream.sink.config.SinkConfig;
import io.clickstream.sink.status.SinkMetrics;
import io.clickstream.sink.status.SinkStatus;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.SourcePartition;

/**
 * Reads the clicks topic in batches (one per poll), validates each record with the event contract,
 * sends invalid ones to the dead-letter topic and hands the rest to the micro-batcher. Returning the
 * batcher's stage holds the stream while the batcher is full, which pauses the partitions.
 * <p>
 * Records are decoded straight into column batches ({@link ColumnBatch}): no object per event is kept. A large poll
 * is decoded in slices on several cores at once, each slice into its own batch (decoding is a pure function of the
 * record); everything else, dead letters included, then runs in the records' order.
 * <p>
 * The connector's thread only hands a poll over: polls are taken in, one after the other in the order read, by the
 * {@code sink-intake} thread, so the next poll is fetched and wrapped while this one is decoded. At most
 * {@link #MAX_IN_FLIGHT} polls are handed over and not yet in the batcher; beyond that, and while the batcher holds
 * (full, or storage failing), the returned stage stays incomplete and the connector pauses the partitions.
 */
@ApplicationScoped
public class ClickConsumer {

    private static final Logger LOG = Logger.getLogger(ClickConsumer.class);

    /** Records per decoding slice: smaller polls are decoded on the intake thread alone. */
    static final int MIN_SLICE = 1_000;
    /** Polls handed over and not yet in the batcher, at most: one being taken in, the others waiting. */
    static final int MAX_IN_FLIGHT = 2;
    private static final CompletableFuture<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private final SinkPipeline pipeline;
    private final DeadLetterPublisher deadLetters;
    private final SinkStatus status;
    private final SinkMetrics metrics;
    private final int maxRecordBytes;
    private final int contractVersion;
    private final int slices = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ThreadPoolExecutor decoders;
    private final ExecutorService intake = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sink-intake");
        t.setDaemon(true);
        return t;
    });
    /** Polls handed over and not yet in the batcher. */
    private int inFlight;
    /** Completes when fewer than {@link #MAX_IN_FLIGHT} polls are in flight again; null when nobody waits. */
    private CompletableFuture<Void> room;

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
        intake.shutdownNow();
        decoders.shutdownNow();
    }

    /** Hands one poll over to the intake thread; the stage completes when the connector may deliver the next one. */
    @Incoming(Channels.CLICKS)
    public CompletionStage<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        long ingestMicros = ColumnBatch.micros(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        CompletableFuture<Void> admitted;
        synchronized (this) {
            inFlight++;
            if (inFlight < MAX_IN_FLIGHT) {
                admitted = ADMITTED;
            } else {
                room = new CompletableFuture<>();
                admitted = room;
            }
        }
        intake.execute(() -> intake(records, ingestMicros));
        return admitted;
    }

    /**
     * Takes one poll in and waits until the batcher has room for more. A failure here is a bug, not bad input (bad
     * records go to the dead-letter topic): the sink stops consuming and reports it, nothing of the poll is committed.
     */
    private void intake(ConsumerRecords<byte[], byte[]> records, long ingestMicros) {
        try {
            take(records, ingestMicros).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: what is not committed is read again on the next start
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.error("a poll could not be taken in; consumption stopped", cause);
            pipeline.fail("a poll could not be taken in, consumption stopped (nothing of it is in the table; a restart "
                    + "reads it again): " + cause);
            return; // the stream stays held
        }
        CompletableFuture<Void> release = null;
        synchronized (this) {
            inFlight--;
            if (room != null && inFlight < MAX_IN_FLIGHT) {
                release = room;
                room = null;
            }
        }
        if (release != null) {
            release.complete(null);
        }
    }

    private CompletionStage<Void> take(ConsumerRecords<byte[], byte[]> records, long ingestMicros) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        String[] reasons = new String[list.size()];
        Decoded decoded = decodeAll(list, ingestMicros, reasons);
        Map<SourcePartition, Long> lastOffsets = new HashMap<>();
        List<CompletionStage<Void>> dead = new ArrayList<>(0);
        long bytes = 0;
        SourcePartition lastPartition = null;
        for (int i = 0; i < list.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = list.get(i);
            byte[] value = r.value();
            bytes += value == null ? 0 : value.length;
            if (lastPartition == null || lastPartition.partition() != r.partition() || !lastPartition.topic().equals(r.topic())) {
                lastPartition = new SourcePartition(r.topic(), r.partition());
            }
            lastOffsets.merge(lastPartition, r.offset(), Math::max);
            if (reasons[i] != null) {
                dead.add(deadLetters.publish(r, reasons[i]));
            }
        }
        status.read(list.size(), dead.size(), decoded.unknown());
        metrics.read(list.size(), dead.size(), decoded.unknown());
        return pipeline.batcher().add(new Polled(decoded.rows(), lastOffsets, list.size(), bytes, dead));
    }

    /** The valid rows of a poll, one column batch per decoding slice in order, and how many had unknown fields. */
    private record Decoded(List<ColumnBatch> rows, int unknown) {
    }

    /** Decodes every record into column batches; sets {@code reasons[i]} for each record that is not valid. */
    private Decoded decodeAll(List<ConsumerRecord<byte[], byte[]>> list, long ingestMicros, String[] reasons) {
        int n = Math.max(1, Math.min(slices, list.size() / MIN_SLICE));
        int size = (list.size() + n - 1) / n;
        ColumnBatch[] out = new ColumnBatch[n];
        int[] unknown = new int[n];
        List<Future<?>> helpers = new ArrayList<>(n - 1);
        for (int s = 1; s < n; s++) {
            int slice = s;
            int from = s * size;
            int to = Math.min(list.size(), from + size);
            helpers.add(decoders.submit(() -> decode(list, from, to, ingestMicros, reasons, out, unknown, slice)));
        }
        decode(list, 0, Math.min(list.size(), size), ingestMicros, reasons, out, unknown, 0);
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
        int unknownTotal = 0;
        for (int u : unknown) {
            unknownTotal += u;
        }
        return new Decoded(List.of(out), unknownTotal);
    }

    private void decode(List<ConsumerRecord<byte[], byte[]>> list, int from, int to, long ingestMicros, String[] reasons,
            ColumnBatch[] out, int[] unknown, int slice) {
        ColumnBatch rows = new ColumnBatch(to - from);
        FlatEvent flat = new FlatEvent();
        int withUnknown = 0;
        for (int i = from; i < to; i++) {
            ConsumerRecord<byte[], byte[]> r = list.get(i);
            byte[] value = r.value();
            if (value != null && value.length > maxRecordBytes) {
                reasons[i] = "$: record value too large: " + value.length + " bytes (limit " + maxRecordBytes + ")";
                continue;
            }
            // the common case, straight from the bytes into the columns; anything else through the full decoder
            if (ClickEventCodec.decodeFlat(value, contractVersion, flat)) {
                rows.append(flat, r.partition(), r.offset(), ingestMicros);
                continue;
            }
            DecodeResult d = ClickEventCodec.decode(value, contractVersion);
            if (!d.isValid()) {
                reasons[i] = d.reason();
                continue;
            }
            rows.append(d.event(), r.partition(), r.offset(), ingestMicros, d.rescuedData());
            if (!d.unknownFields().isEmpty()) {
                withUnknown++;
            }
        }
        out[slice] = rows;
        unknown[slice] = withUnknown;
    }
}
