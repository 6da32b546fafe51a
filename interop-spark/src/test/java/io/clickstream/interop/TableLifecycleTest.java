package io.clickstream.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.compact.CompactionPolicy;
import io.clickstream.sink.compact.CompactionResult;
import io.clickstream.sink.compact.Compactor;
import io.clickstream.sink.delta.DeltaVacuum;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.VacuumResult;

/**
 * The table's life next to Spark: a streaming reader while the sink appends and compacts, VACUUM after
 * compactions (time travel within the retention still works), and erasing one user with Spark's DELETE and
 * VACUUM while the sink's committer and compactor keep working.
 */
class TableLifecycleTest {

    static final Instant START = Instant.parse("2026-10-05T09:00:00Z");
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aStreamingReaderSeesEveryEventOnceWhileTheSinkAppendsAndCompacts() throws Exception {
        SimulatedTable t = new SimulatedTable("stream-");
        List<ClickEvent> simulated = SimulatedTable.simulate(11, 3_000, START, 5.0);
        List<List<ClickEvent>> batches = chunks(simulated, 300);
        t.append(batches.get(0));
        Path checkpoint = Files.createTempDirectory("stream-checkpoint-");
        StreamingQuery query = spark.readStream().format("delta").load(t.uri).select("event_id", "kafka_partition", "kafka_offset")
                .writeStream().format("memory").queryName("streamed_clicks").outputMode("append")
                .option("checkpointLocation", checkpoint.toString()).start();
        List<CompactionResult> compactions = new ArrayList<>();
        try {
            for (int b = 1; b < batches.size(); b++) {
                t.append(batches.get(b));
                if (b % 3 == 0) {
                    query.processAllAvailable(); // the stream has read the small files: now they are compacted away
                    compactions.addAll(t.compact(2));
                }
            }
            query.processAllAvailable();
        } finally {
            query.stop();
        }
        assertThat(compactions).hasSizeGreaterThanOrEqualTo(3);
        List<String> streamed = spark.sql("SELECT event_id FROM streamed_clicks").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        assertThat(streamed).hasSize(simulated.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(streamed)).isEqualTo(ids(simulated));
    }

    @Test
    void vacuumDeletesOnlyFilesRemovedBeforeTheRetentionAndTimeTravelWithinItStillWorks() throws Exception {
        SimulatedTable t = new SimulatedTable("vacuum-");
        List<List<ClickEvent>> batches = chunks(SimulatedTable.simulate(17, 2_400, START, 5.0), 200);
        for (int b = 0; b < 6; b++) {
            t.append(batches.get(b));
        }
        long beforeFirstCompaction = t.table.version();
        List<CompactionResult> first = t.compact(3);
        Instant afterFirst = Instant.now();
        for (int b = 6; b < 12; b++) {
            t.append(batches.get(b));
        }
        long beforeSecondCompaction = t.table.version();
        Instant beforeSecond = Instant.now();
        List<CompactionResult> second = t.compact(3);
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
        Row all = fingerprint(t.uri, Optional.empty());
        assertThat(fingerprint(t.uri, Optional.of(beforeSecondCompaction))).isEqualTo(all);

        // a retention that ends between the two compactions: the first one's removed files go, the second one's stay
        Instant now = Instant.now();
        Instant between = afterFirst.plus(Duration.between(afterFirst, beforeSecond).dividedBy(2));
        DeltaVacuum vacuum = new DeltaVacuum(t.conf, t.uri, Clock.fixed(now, ZoneOffset.UTC), false);
        VacuumResult r = vacuum.run(Optional.of(Duration.between(between, now)), false);
        System.out.printf("VACUUM of a compacted table (%d rows, %d compactions): %d files, %d bytes deleted%n", 2_400,
                first.size() + second.size(), r.files(), r.bytes());

        assertThat(r.files()).isEqualTo(first.stream().mapToLong(CompactionResult::filesRemoved).sum());
        assertThat(r.bytes()).isEqualTo(first.stream().mapToLong(CompactionResult::bytesRemoved).sum());
        assertThat(fingerprint(t.uri, Optional.empty())).isEqualTo(all);
        // within the retention: time travel reads the same rows from the files the second compaction removed
        assertThat(fingerprint(t.uri, Optional.of(beforeSecondCompaction))).isEqualTo(all);
        // before it: the files are gone
        assertThatThrownBy(() -> fingerprint(t.uri, Optional.of(beforeFirstCompaction))).hasStackTraceContaining("FileNotFound");
        assertThat(all.getLong(0)).isEqualTo(2_400);
    }

    @Test
    void aUsersRowsAreErasedByDeleteAndVacuumWhileTheSinkKeepsWriting() throws Exception {
        SimulatedTable t = new SimulatedTable("erasure-");
        List<List<ClickEvent>> batches = chunks(SimulatedTable.simulate(13, 3_300, START, 5.0), 300);
        for (int b = 0; b < 10; b++) {
            t.append(batches.get(b));
        }
        // the signed-in user with the most events, spread over several files
        String user = t.events.stream().map(ClickEvent::userId).filter(u -> u != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long userRows = t.events.stream().filter(e -> user.equals(e.userId())).count();
        assertThat(userRows).isGreaterThan(3);
        Set<String> kept = t.events.stream().filter(e -> !user.equals(e.userId())).map(ClickEvent::eventId).collect(Collectors.toSet());
        long beforeDelete = t.table.version();
        String delete = "DELETE FROM delta.`" + t.uri + "` WHERE user_id = '" + user + "'";

        // a compaction reads its partition, then the DELETE commits, then the compaction tries to commit
        AtomicBoolean deleted = new AtomicBoolean();
        DataFileWriter deletingFirst = new DataFileWriter() {
            @Override
            public List<DataFile> write(List<ColumnBatch> rows) throws IOException {
                return t.writer.write(rows);
            }

            @Override
            public void deleteQuietly(List<DataFile> files) {
                t.writer.deleteQuietly(files);
            }

            @Override
            public OpenFile open(LocalDate eventDate) throws IOException {
                if (deleted.compareAndSet(false, true)) {
                    spark.sql(delete);
                }
                return t.writer.open(eventDate);
            }
        };
        Compactor racing = new Compactor(t.table, new ParquetDataFileReader(t.conf, t.uri), deletingFirst,
                new CompactionPolicy(2, 128L * 1024 * 1024), List.of());
        List<CompactionResult> raced = racing.runOnce();
        assertThat(deleted).isTrue();
        assertThat(raced).as("the compaction that lost to the DELETE committed nothing").isEmpty();
        assertThat(ids(t.uri, Optional.empty())).isEqualTo(kept);

        // the sink's compactor and committer carry on after the DELETE
        assertThat(t.compact(2)).isNotEmpty();
        assertThat(ids(t.uri, Optional.empty())).isEqualTo(kept);

        // VACUUM after the retention: the files that held the user's rows are gone
        VacuumResult vacuum = new DeltaVacuum(t.conf, t.uri, Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC), true)
                .run(Optional.empty(), false);
        assertThat(vacuum.files()).isPositive();
        System.out.printf("VACUUM after erasing %d rows of one user: %d files, %d bytes deleted%n", userRows, vacuum.files(),
                vacuum.bytes());
        List<String> dataFiles = dataFiles(t.dir());
        long userRowsInFiles = spark.read().parquet(dataFiles.toArray(String[]::new)).where("user_id = '" + user + "'").count();
        assertThat(userRowsInFiles).isZero();
        assertThat(spark.read().parquet(dataFiles.toArray(String[]::new)).count())
                .as("no file left that the table does not hold (the losing compaction's file included)").isEqualTo(kept.size());
        assertThatThrownBy(() -> fingerprint(t.uri, Optional.of(beforeDelete))).hasStackTraceContaining("FileNotFound");

        // the committer appends afterwards, with its offsets intact
        long lastOffsetBefore = t.table.txnVersions(List.of("clickstream-sink-clicks-0")).get("clickstream-sink-clicks-0");
        t.append(batches.get(10));
        kept.addAll(batches.get(10).stream().filter(e -> !user.equals(e.userId())).map(ClickEvent::eventId).toList());
        Set<String> expected = new HashSet<>(kept);
        batches.get(10).stream().filter(e -> user.equals(e.userId())).forEach(e -> expected.add(e.eventId()));
        assertThat(ids(t.uri, Optional.empty())).isEqualTo(expected);
        assertThat(t.table.txnVersions(List.of("clickstream-sink-clicks-0")).get("clickstream-sink-clicks-0"))
                .isGreaterThan(lastOffsetBefore);
    }

    // --- reading tables and files ---

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            out.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return out;
    }

    private static Set<String> ids(Collection<ClickEvent> events) {
        return events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
    }

    private static Set<String> ids(String uri, Optional<Long> version) {
        List<String> ids = read(uri, version).select("event_id").collectAsList().stream().map(r -> r.getString(0)).toList();
        assertThat(ids).doesNotHaveDuplicates();
        return new HashSet<>(ids);
    }

    private static org.apache.spark.sql.Dataset<Row> read(String uri, Optional<Long> version) {
        var reader = spark.read().format("delta");
        if (version.isPresent()) {
            reader = reader.option("versionAsOf", version.get());
        }
        return reader.load(uri);
    }

    /** Row count, offsets and an order-independent checksum of every column of every row. */
    private static Row fingerprint(String uri, Optional<Long> version) {
        return read(uri, version).selectExpr("count(*)", "sum(kafka_offset)", "sum(cast(hash(*) AS bigint))").first();
    }

    /** Every Parquet file under the table root, outside the log. */
    private static List<String> dataFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")
                    && !p.toString().contains("_delta_log")).map(p -> p.toUri().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
