package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;

/**
 * A burst of several times what the sink ingests in a second, arriving at once on a sink running with its pod's
 * heap (512 MiB) and its default batch limits: the lag grows and drains, the heap stays under its limit (the JVM
 * exits on OutOfMemoryError, which fails the test), and the table ends with every event once.
 */
class BurstIT extends BrokerPerClass {

    static final int BURST = 300_000;
    static final long HEAP = 512L << 20;

    @Test
    void aBurstIsBufferedInKafkaNotInTheHeap() throws Exception {
        String uri = newTableUri("burst-");
        TableReader table = new TableReader(uri);
        Map<String, String> props = Map.of("sink.group-id", "burst", "sink.batch.max-age", "5s",
                "mp.messaging.incoming.clicks.max.poll.records", "5000");
        try (SinkProcess sink = SinkProcess.start("burst", broker.bootstrapServers(), uri, props, "512m")) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(() -> sink.management("/q/health/ready").statusCode() == 200);
            AtomicLong maxLag = new AtomicLong();
            AtomicLong maxHeap = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleWithFixedDelay(() -> {
                try {
                    maxLag.accumulateAndGet((long) SinkProcess.sum(sink.status(), "\"lag\":(\\d+)"), Math::max);
                    maxHeap.accumulateAndGet((long) SinkProcess.sum(sink.management("/q/metrics").body(),
                            "(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)$"), Math::max);
                } catch (Exception e) {
                    // the next sample will do
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            try {
                List<ClickEvent> burst = Events.generate(0, BURST, 99, Instant.parse("2026-10-01T00:00:00Z"), 1);
                Producers.send(broker.bootstrapServers(), "clicks", burst);
                Set<String> expected = new HashSet<>();
                burst.forEach(e -> expected.add(e.eventId()));

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    assertThat(sink.isAlive()).as("sink process alive (it exits on OutOfMemoryError), see " + sink.log()).isTrue();
                    assertThat((long) SinkProcess.sum(sink.status(), "\"rows_committed\":(\\d+)")).isEqualTo(BURST);
                    assertThat((long) SinkProcess.sum(sink.status(), "\"lag\":(\\d+)")).isZero();
                });
                List<String> ids = table.eventIds();
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(new HashSet<>(ids)).isEqualTo(expected);
            } finally {
                sampler.shutdownNow();
            }
            assertThat(maxLag.get()).as("lag seen while the burst arrived").isGreaterThan(BURST / 10);
            assertThat(maxHeap.get()).as("heap used at most").isPositive().isLessThan(HEAP);
            System.out.printf("burst of %d: max lag %d, max heap used %d MiB of %d%n", BURST, maxLag.get(), maxHeap.get() >> 20,
                    HEAP >> 20);
            sink.stop();
        }
    }
}
