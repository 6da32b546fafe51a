package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.batch.Batch;
import io.clickstream.sink.batch.BatchCommitter;
import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.support.Azurite;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;
import io.delta.standalone.actions.AddFile;

/**
 * The storage path of the sink (Parquet files + Delta commits with txn offsets) on a local disk and on
 * ABFS against Azurite's Blob endpoint: a round trip, and two writers committing to one table at once.
 */
class TableStorageIT {

    static Azurite azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start();
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        FileSystem.closeAll();
        if (azurite != null) {
            azurite.close();
        }
    }

    record Target(Configuration conf, String uri) {
    }

    static Target local() throws Exception {
        String uri = HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory("table-").resolve("clicks").toString());
        return new Target(HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of()), uri);
    }

    static Target onAzurite(String container) {
        String uri = azurite.tableUri(container, "delta/clicks");
        return new Target(HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), azurite.hadoopSettings(),
                azurite.env()), uri);
    }

    @Test
    void roundTripOnLocalDisk() throws Exception {
        roundTrip(local());
    }

    @Test
    void roundTripOnAzurite() throws Exception {
        roundTrip(onAzurite("roundtrip"));
    }

    @Test
    void concurrentWritersOnLocalDisk() throws Exception {
        concurrentWriters(local());
    }

    @Test
    void concurrentWritersOnAzurite() throws Exception {
        concurrentWriters(onAzurite("concurrent"));
    }

    private static BatchCommitter committer(Target t, CommitListener listener) throws Exception {
        DeltaClickTable table = new DeltaClickTable(t.conf(), t.uri());
        table.createIfMissing();
        return new BatchCommitter(table, new ParquetDataFileWriter(t.conf(), t.uri()), "clickstream-sink", "clicks",
                Duration.ofMillis(50), Duration.ofSeconds(1), listener);
    }

    /** Rows for partitions {@code partitions}, offsets counting up from {@code firstOffset} in each. */
    private static Batch batch(List<ClickEvent> events, int[] partitions, long firstOffset) {
        List<ClickRow> rows = new ArrayList<>();
        Map<SourcePartition, Long> last = new HashMap<>();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (int i = 0; i < events.size(); i++) {
            int p = partitions[i % partitions.length];
            long offset = firstOffset + i / partitions.length;
            rows.add(new ClickRow(events.get(i), p, offset, now));
            last.merge(new SourcePartition("clicks", p), offset, Math::max);
        }
        return Batch.of(rows, last, System.nanoTime());
    }

    private static void roundTrip(Target t) throws Exception {
        BatchCommitter committer = committer(t, new CommitListener() {
        });
        Set<String> expected = new HashSet<>();
        for (int b = 0; b < 3; b++) {
            List<ClickEvent> events = Events.generate(b * 500, 500, 41, Instant.parse("2026-07-01T20:00:00Z"), 30_000);
            events.forEach(e -> expected.add(e.eventId()));
            committer.flush(batch(events, new int[] { 0, 1, 2 }, b * 1_000L));
        }
        // the last batch again (a re-read after a crash): dropped, not duplicated
        committer.flush(batch(Events.generate(1_000, 500, 41, Instant.parse("2026-07-01T20:00:00Z"), 30_000),
                new int[] { 0, 1, 2 }, 2_000L));

        TableReader reader = new TableReader(t.conf(), t.uri());
        List<String> ids = reader.eventIds();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
        assertThat(reader.snapshot().getVersion()).isEqualTo(3); // create + 3 appends
        ObjectMapper json = new ObjectMapper();
        for (AddFile f : reader.files()) {
            assertThat(json.readTree(f.getStats()).get("numRecords").asLong()).isPositive();
        }
        var tx = reader.log().startTransaction();
        for (int p = 0; p < 3; p++) {
            assertThat(tx.txnVersion("clickstream-sink-clicks-" + p)).isEqualTo(2_000L + 499 / 3 - (p <= 499 % 3 ? 0 : 1));
        }
    }

    private static void concurrentWriters(Target t) throws Exception {
        AtomicInteger conflicts = new AtomicInteger();
        CommitListener listener = new CommitListener() {
            @Override
            public void conflict() {
                conflicts.incrementAndGet();
            }
        };
        BatchCommitter a = committer(t, listener);
        BatchCommitter b = committer(t, listener);
        Set<String> expected = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            int[][] owned = { { 0, 1, 2 }, { 3, 4, 5 } };
            BatchCommitter[] writers = { a, b };
            for (int w = 0; w < 2; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        List<ClickEvent> events = Events.generate(i * 100, 100, 50 + writer, Instant.parse("2026-07-02T10:00:00Z"), 1_000);
                        events.forEach(e -> expected.add(e.eventId()));
                        writers[writer].flush(batch(events, owned[writer], i * 100L));
                        // both writers also hold the same records of partition 9 (as after a rebalance): one copy must win
                        List<ClickEvent> shared = Events.generate(i * 10, 10, 99, Instant.parse("2026-07-03T10:00:00Z"), 1_000);
                        shared.forEach(e -> expected.add(e.eventId()));
                        writers[writer].flush(batch(shared, new int[] { 9 }, i * 10L));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        TableReader reader = new TableReader(t.conf(), t.uri());
        List<String> ids = reader.eventIds();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
        assertThat(reader.log().startTransaction().txnVersion("clickstream-sink-clicks-9")).isEqualTo(59);
    }
}
