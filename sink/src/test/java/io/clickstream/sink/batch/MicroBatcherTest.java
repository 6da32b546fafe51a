package io.clickstream.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.clickstream.sink.support.Events;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.SourcePartition;

class MicroBatcherTest {

    private final List<Batch> flushed = new CopyOnWriteArrayList<>();

    private static Polled poll(int n, long firstOffset) {
        List<ClickRow> rows = Events.generate(n, 1, Instant.parse("2026-01-01T00:00:00Z"), 1).stream()
                .map(e -> new ClickRow(e, 0, firstOffset, Instant.EPOCH)).toList();
        return new Polled(List.of(ColumnBatch.of(rows)), Map.of(new SourcePartition("clicks", 0), firstOffset + n - 1), n, n * 100L, List.of());
    }

    @Test
    void aPartialBatchIsFlushedByTheTimerWithoutNewRecords() {
        try (MicroBatcher batcher = new MicroBatcher(new BatchLimits(1_000, 1 << 20, Duration.ofMillis(200)), flushed::add, t -> {
        })) {
            assertThat(batcher.add(poll(3, 0)).toCompletableFuture()).isDone();
            await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 1);
            assertThat(flushed.get(0).records()).isEqualTo(3);
        }
    }

    @Test
    void fillsOneBatchWhileTheOtherFlushesThenHoldsTheStream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher.Flusher slow = b -> {
            release.await();
            flushed.add(b);
        };
        try (MicroBatcher batcher = new MicroBatcher(new BatchLimits(10, 1 << 20, Duration.ofSeconds(60)), slow, t -> {
        })) {
            // first batch full: handed to the (blocked) flusher, the caller goes on
            assertThat(batcher.add(poll(10, 0)).toCompletableFuture()).isDone();
            await().atMost(Duration.ofSeconds(5)).until(batcher::isFlushing);
            // second batch fills while the first is flushing; once full the stream is held
            assertThat(batcher.add(poll(5, 10)).toCompletableFuture()).isDone();
            CompletionStage<Void> held = batcher.add(poll(5, 15));
            assertThat(held.toCompletableFuture()).isNotDone();
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> held.toCompletableFuture().isDone());
            await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 2);
            assertThat(flushed.stream().mapToLong(Batch::records).sum()).isEqualTo(20);
        }
    }

    @Test
    void holdsWhileStorageFailsAndReleasesAfter() {
        try (MicroBatcher batcher = new MicroBatcher(new BatchLimits(1_000, 1 << 20, Duration.ofSeconds(60)), flushed::add, t -> {
        })) {
            batcher.hold(true);
            CompletionStage<Void> held = batcher.add(poll(1, 0));
            assertThat(held.toCompletableFuture()).isNotDone();
            batcher.hold(false);
            assertThat(held.toCompletableFuture()).isDone();
        }
    }

    @Test
    void closeCommitsTheBatchBeingFlushedThenTheOneFilledMeanwhile() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher.Flusher slow = b -> {
            release.await();
            flushed.add(b);
        };
        MicroBatcher batcher = new MicroBatcher(new BatchLimits(10, 1 << 20, Duration.ofSeconds(60)), slow, t -> {
        });
        batcher.add(poll(10, 0)); // full: handed to the (blocked) flusher
        await().atMost(Duration.ofSeconds(5)).until(batcher::isFlushing);
        batcher.add(poll(4, 10)); // far from every limit: only a stop would flush it now
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> batcher.close(10_000));
        // once closed, the stream is held, not failed (a failure would be a nack for every poll)
        Polled nothing = new Polled(List.of(), Map.of(), 0, 0, List.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> !batcher.add(nothing).toCompletableFuture().isDone());
        assertThat(batcher.add(poll(1, 14)).toCompletableFuture()).isNotDone();
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(flushed).extracting(Batch::records).containsExactly(10L, 4L);
    }

    @Test
    void aByteLimitFlushesToo() {
        try (MicroBatcher batcher = new MicroBatcher(new BatchLimits(1_000, 500, Duration.ofSeconds(60)), flushed::add, t -> {
        })) {
            batcher.add(poll(5, 0)); // 5 × 100 bytes
            await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 1);
        }
    }
}
