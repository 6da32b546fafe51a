package io.clickstream.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;
import io.clickstream.sink.batch.Batch;
import io.clickstream.sink.batch.BatchCommitter;
import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.compact.CompactionPolicy;
import io.clickstream.sink.compact.CompactionResult;
import io.clickstream.sink.compact.Compactor;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;

/**
 * A table written by the sink's storage path (Parquet files, Delta commits with txn offsets,
 * checkpoints) read by Apache Spark with delta-spark: counts, schema, partitioning, stats-based file
 * skipping, timestamps, and the two notebook queries. A second table gets the same batches and is then
 * compacted: Spark reads the same rows from it, and before the compaction too (time travel).
 */
class SparkReadsSinkTableTest {

    static final int BATCHES = 12; // more than the checkpoint interval
    static final int PER_BATCH = 200;
    static final Instant START = Instant.parse("2026-08-01T21:00:00.123Z");

    static SparkSession spark;
    static String uri;
    static String compactedUri;
    static List<CompactionResult> compactions;
    static List<ClickEvent> events = new ArrayList<>();

    @BeforeAll
    static void writeTableAndStartSpark() throws Exception {
        Path dir = Files.createTempDirectory("interop-").resolve("clicks");
        uri = HadoopConfigurationFactory.normalizeTableUri(dir.toString());
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        DeltaClickTable table = new DeltaClickTable(conf, uri);
        table.createIfMissing();
        BatchCommitter committer = new BatchCommitter(table, new ParquetDataFileWriter(conf, uri), "clickstream-sink", "clicks",
                Duration.ofMillis(10), Duration.ofMillis(100), new CommitListener() {
                });
        compactedUri = HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory("interop-compacted-").resolve("clicks").toString());
        DeltaClickTable compacted = new DeltaClickTable(conf, compactedUri);
        compacted.createIfMissing();
        ParquetDataFileWriter compactedWriter = new ParquetDataFileWriter(conf, compactedUri);
        BatchCommitter compactedCommitter = new BatchCommitter(compacted, compactedWriter, "clickstream-sink", "clicks",
                Duration.ofMillis(10), Duration.ofMillis(100), new CommitListener() {
                });
        long offset = 0;
        for (int b = 0; b < BATCHES; b++) {
            List<ClickRow> rows = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                // one minute apart: each batch covers its own time range, across midnight (two dates)
                ClickEvent e = event(b * PER_BATCH + i, START.plus(b * PER_BATCH + i, ChronoUnit.MINUTES).plusNanos(456_000));
                events.add(e);
                rows.add(new ClickRow(e, 0, offset++, START));
            }
            committer.flush(Batch.of(rows, Map.of(new SourcePartition("clicks", 0), offset - 1), System.nanoTime()));
            compactedCommitter.flush(Batch.of(rows, Map.of(new SourcePartition("clicks", 0), offset - 1), System.nanoTime()));
        }
        // a date with at least 3 files becomes one file
        compactions = new Compactor(compacted, new ParquetDataFileReader(conf, compactedUri), compactedWriter,
                new CompactionPolicy(3, 128L * 1024 * 1024), List.of()).runOnce();
        spark = LocalSpark.start();
        spark.read().format("delta").load(uri).createOrReplaceTempView("clicks");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    static ClickEvent event(int i, Instant time) {
        EventType type = EventType.values()[i % EventType.values().length];
        Integer product = type.hasProduct() ? 1 + (i * 7) % 670 : null;
        boolean priced = type.hasPriceAndQuantity();
        return new ClickEvent(new UUID(42, i).toString(), time, "wwi-toys", "s-" + (i / 25), i % 3 == 0 ? null : "u-" + i, type,
                "/p/" + i, product, product == null ? null : ClickEvent.categoryOf(product),
                priced ? java.math.BigDecimal.valueOf(1999 + i, 2) : null, priced ? 1 + i % 4 : null, "google", null, null, null,
                null, Device.MOBILE, "DE", 1);
    }

    @Test
    void countsAndIdsMatch() {
        assertThat(spark.sql("SELECT count(*) FROM clicks").first().getLong(0)).isEqualTo(events.size());
        assertThat(spark.sql("SELECT count(DISTINCT event_id) FROM clicks").first().getLong(0)).isEqualTo(events.size());
    }

    @Test
    void schemaUsesNativeTypes() {
        StructType schema = spark.table("clicks").schema();
        assertThat(schema.apply("event_time").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(schema.apply("ingest_time").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(schema.apply("event_date").dataType()).isEqualTo(DataTypes.DateType);
        assertThat(schema.apply("price").dataType()).isEqualTo(DataTypes.createDecimalType(10, 2));
        assertThat(schema.apply("product_id").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(schema.apply("kafka_offset").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(schema.apply("event_id").dataType()).isEqualTo(DataTypes.StringType);
    }

    @Test
    void partitionedByEventDate() {
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + uri + "`").first();
        assertThat(detail.getList(detail.fieldIndex("partitionColumns"))).containsExactly("event_date");
        Map<String, Long> expected = events.stream().collect(Collectors.groupingBy(
                e -> LocalDate.ofInstant(e.eventTime(), ZoneOffset.UTC).toString(), TreeMap::new, Collectors.counting()));
        Map<String, Long> actual = new TreeMap<>();
        for (Row r : spark.sql("SELECT cast(event_date AS string), count(*) FROM clicks GROUP BY 1").collectAsList()) {
            actual.put(r.getString(0), r.getLong(1));
        }
        assertThat(actual).isEqualTo(expected).hasSize(3);
    }

    @Test
    void timestampsKeepTheirInstantAndMicroseconds() {
        Map<String, Instant> expected = events.stream().collect(Collectors.toMap(ClickEvent::eventId, ClickEvent::eventTime));
        for (Row r : spark.sql("SELECT event_id, event_time FROM clicks").collectAsList()) {
            assertThat(r.getTimestamp(1).toInstant()).isEqualTo(expected.get(r.getString(0)));
        }
    }

    @Test
    void statsLetSparkSkipFiles() {
        long allFiles = numFilesRead(spark.sql("SELECT * FROM clicks"));
        // a time range inside one batch: only that batch's file may be read
        Instant from = START.plus(5 * PER_BATCH + 10, ChronoUnit.MINUTES);
        Instant to = from.plus(20, ChronoUnit.MINUTES);
        Dataset<Row> narrow = spark.sql("SELECT * FROM clicks WHERE event_time >= timestamp'" + from + "' AND event_time < timestamp'"
                + to + "'");
        long skipped = numFilesRead(narrow);
        assertThat(allFiles).isGreaterThanOrEqualTo(BATCHES);
        assertThat(skipped).isEqualTo(1);
        assertThat(narrow.count()).isEqualTo(20);
    }

    @Test
    void clicksPerProductAsTheNotebookRanThem() {
        Map<Integer, Long> expected = events.stream().filter(e -> e.productId() != null)
                .collect(Collectors.groupingBy(ClickEvent::productId, Collectors.counting()));
        Map<Integer, Long> actual = new HashMap<>();
        for (Row r : spark.sql("SELECT product_id, count(*) AS clicks FROM clicks WHERE product_id IS NOT NULL "
                + "GROUP BY product_id ORDER BY clicks DESC").collectAsList()) {
            actual.put(r.getInt(0), r.getLong(1));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void sessionDurationsAsTheNotebookRanThem() {
        Map<String, List<ClickEvent>> bySession = events.stream().collect(Collectors.groupingBy(ClickEvent::sessionId));
        List<Row> rows = spark.sql("SELECT session_id, min(event_time) AS first_seen, max(event_time) AS last_seen, count(*) AS events, "
                + "unix_timestamp(max(event_time)) - unix_timestamp(min(event_time)) AS duration_s "
                + "FROM clicks GROUP BY session_id").collectAsList();
        assertThat(rows).hasSize(bySession.size());
        for (Row r : rows) {
            List<ClickEvent> s = bySession.get(r.getString(0));
            Instant min = s.stream().map(ClickEvent::eventTime).min(Instant::compareTo).orElseThrow();
            Instant max = s.stream().map(ClickEvent::eventTime).max(Instant::compareTo).orElseThrow();
            assertThat(r.getTimestamp(1).toInstant()).isEqualTo(min);
            assertThat(r.getTimestamp(2).toInstant()).isEqualTo(max);
            assertThat(r.getLong(3)).isEqualTo(s.size());
            assertThat(r.getLong(4)).isEqualTo(max.getEpochSecond() - min.getEpochSecond());
        }
    }

    @Test
    void theLogHasACheckpointSparkCanStartFrom() {
        assertThat(Path.of(java.net.URI.create(uri + "/_delta_log/00000000000000000010.checkpoint.parquet"))).exists();
        Row history = spark.sql("DESCRIBE HISTORY delta.`" + uri + "`").first();
        assertThat(history.getLong(history.fieldIndex("version"))).isEqualTo(BATCHES);
    }

    @Test
    void aCompactedTableHoldsTheSameRowsAndShowsTheCompactionInItsHistory() {
        assertThat(compactions).hasSize(2);
        Row original = fingerprint(spark.read().format("delta").load(uri));
        assertThat(original.getLong(0)).isEqualTo(events.size());
        assertThat(fingerprint(spark.read().format("delta").load(compactedUri))).isEqualTo(original);
        // the removed files are still there: the version before the compactions reads the same rows
        assertThat(fingerprint(spark.read().format("delta").option("versionAsOf", BATCHES).load(compactedUri))).isEqualTo(original);
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + compactedUri + "`").first();
        assertThat(detail.getLong(detail.fieldIndex("numFiles"))).isEqualTo(3);

        Row last = spark.sql("DESCRIBE HISTORY delta.`" + compactedUri + "`").first();
        assertThat(last.getLong(last.fieldIndex("version"))).isEqualTo(BATCHES + 2);
        assertThat(last.getString(last.fieldIndex("operation"))).isEqualTo("Manual Update");
        assertThat(last.getJavaMap(last.fieldIndex("operationParameters"))).containsKey("predicate");
        assertThat(last.getJavaMap(last.fieldIndex("operationMetrics"))).containsEntry("numAddedFiles", "1");
    }

    /** Row count, offsets and an order-independent checksum of every column of every row (event_date included). */
    private static Row fingerprint(Dataset<Row> df) {
        return df.selectExpr("count(*)", "sum(kafka_offset)", "sum(cast(hash(*) AS bigint))").first();
    }

    private static long numFilesRead(Dataset<Row> df) {
        df.collect();
        SparkPlan plan = df.queryExecution().executedPlan();
        long files = 0;
        for (SparkPlan leaf : scala.jdk.javaapi.CollectionConverters.asJava(plan.collectLeaves())) {
            if (leaf instanceof FileSourceScanExec scan) {
                files += scan.metrics().apply("numFiles").value();
            }
        }
        return files;
    }
}
