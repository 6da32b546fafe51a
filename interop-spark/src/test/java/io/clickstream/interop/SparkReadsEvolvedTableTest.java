package io.clickstream.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;
import io.clickstream.sink.table.TableSchema;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.actions.AddFile;

/**
 * A rolling upgrade as Spark sees it: a sink capped at contract version 1 creates the table and writes; a version 2
 * sink starts, evolves the table (one metadata-only commit) and writes; the version 1 sink goes on writing files
 * without the new columns. Spark reads every row, nulls where a row has no value, the column comments, the table's
 * description and properties, and {@code _rescued_data} through its JSON functions. What Spark printed before and
 * after the evolution goes to {@code target/evolution-spark-output.txt}.
 */
class SparkReadsEvolvedTableTest {

    static final Instant START = Instant.parse("2026-09-01T10:00:00.000Z");
    static final String RESCUED = "{\"coupon_code\":\"SPRING5\",\"cart\":{\"items\":[3,4],\"gift\":true}}";
    static final int V1_BEFORE = 100, V2 = 60, V1_AFTER = 40;

    static SparkSession spark;
    static String uri;
    static long versionBeforeEvolution;
    static long evolutionVersion;
    static StringBuilder printed = new StringBuilder();

    @BeforeAll
    static void writeAcrossAnUpgrade() throws Exception {
        uri = HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory("interop-evolved-").resolve("clicks").toString());
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("interop-evolution")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();

        // the sink before the upgrade: contract capped at version 1 (constructor parameters, as sink.contract-version=1)
        List<TableSchema.Column> v1Columns = TableSchema.columns(1);
        DeltaClickTable v1Table = new DeltaClickTable(conf, uri, v1Columns);
        v1Table.createIfMissing();
        BatchCommitter v1 = committer(v1Table, new ParquetDataFileWriter(conf, uri, 2, v1Columns));
        write(v1, 0, 0, V1_BEFORE, false);
        versionBeforeEvolution = DeltaLog.forTable(conf, uri).update().getVersion();
        print("BEFORE evolution (version " + versionBeforeEvolution + ")");

        // the upgraded sink starts: it evolves the table, then writes version 2 events
        DeltaClickTable v2Table = new DeltaClickTable(conf, uri);
        v2Table.createIfMissing();
        evolutionVersion = DeltaLog.forTable(conf, uri).update().getVersion();
        BatchCommitter v2 = committer(v2Table, new ParquetDataFileWriter(conf, uri, 2));
        write(v2, 1, V1_BEFORE, V2, true);

        // the old sink, still running on its partitions, restarts too: it finds nothing to change and writes on
        new DeltaClickTable(conf, uri, v1Columns).createIfMissing();
        write(v1, 0, V1_BEFORE + V2, V1_AFTER, false);
        print("AFTER evolution (version " + DeltaLog.forTable(conf, uri).update().getVersion() + ")");
        Path out = Path.of("target", "evolution-spark-output.txt");
        Files.writeString(out, printed);
        System.out.println(printed);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static BatchCommitter committer(DeltaClickTable table, ParquetDataFileWriter writer) {
        return new BatchCommitter(table, writer, "clickstream-sink", "clicks", Duration.ofMillis(10), Duration.ofMillis(100),
                new CommitListener() {
                });
    }

    /** Events {@code from..from+n-1}: version 2 ones with experiments and coupons, version 1 ones partly with rescued data. */
    private static void write(BatchCommitter committer, int partition, int from, int n, boolean version2) throws Exception {
        List<ClickRow> rows = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            ClickEvent e = SparkReadsSinkTableTest.event(i, START.plus(i, ChronoUnit.MINUTES));
            if (version2) {
                e = e.withVersion2(i % 2 == 0 ? "checkout-button-2026q4" : null, i % 2 == 0 ? "B" : null,
                        e.eventType() == io.clickstream.contract.EventType.PURCHASE ? "WELCOME10" : null);
            }
            rows.add(new ClickRow(e, partition, i, START, !version2 && i % 4 == 0 ? RESCUED : null));
        }
        committer.flush(Batch.of(rows, Map.of(new SourcePartition("clicks", partition), (long) from + n - 1), System.nanoTime()));
    }

    private static void print(String title) {
        printed.append("== ").append(title).append(" ==\n");
        printed.append(spark.read().format("delta").load(uri).schema().treeString());
        printed.append("DESCRIBE TABLE:\n");
        for (Row r : spark.sql("DESCRIBE TABLE delta.`" + uri + "`").collectAsList()) {
            printed.append(String.format("  %-16s %-14s %s%n", r.getString(0), r.getString(1), r.isNullAt(2) ? "" : r.getString(2)));
        }
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + uri + "`").first();
        printed.append("description: ").append(detail.getString(detail.fieldIndex("description"))).append('\n');
        printed.append("properties: ").append(detail.getJavaMap(detail.fieldIndex("properties"))).append('\n');
        printed.append("rows: ").append(spark.read().format("delta").load(uri).count()).append('\n');
        List<String> columns = List.of(spark.read().format("delta").load(uri).columns());
        List<String> counted = List.of("experiment_id", "coupon_code", TableSchema.RESCUED_DATA_COLUMN).stream()
                .filter(columns::contains).toList();
        StringBuilder query = new StringBuilder("SELECT schema_version, count(*)");
        counted.forEach(c -> query.append(", count(").append(c).append(")"));
        for (Row r : spark.sql(query + " FROM delta.`" + uri + "` GROUP BY 1 ORDER BY 1").collectAsList()) {
            printed.append(String.format("  schema_version %d: %d rows", r.getInt(0), r.getLong(1)));
            for (int i = 0; i < counted.size(); i++) {
                printed.append(", ").append(r.getLong(2 + i)).append(" with ").append(counted.get(i));
            }
            printed.append('\n');
        }
        printed.append('\n');
    }

    @Test
    void everyRowReadsBackWithNullsWhereTheWriterHadNoColumn() {
        String table = "delta.`" + uri + "`";
        Row counts = spark.sql("SELECT count(*), count(DISTINCT event_id) FROM " + table).first();
        assertThat(counts.getLong(0)).isEqualTo(V1_BEFORE + V2 + V1_AFTER);
        assertThat(counts.getLong(1)).isEqualTo(V1_BEFORE + V2 + V1_AFTER);
        Map<Integer, Row> byVersion = new HashMap<>();
        for (Row r : spark.sql("SELECT schema_version, count(*), count(experiment_id), count(variant), count(coupon_code), "
                + "count(_rescued_data) FROM " + table + " GROUP BY 1").collectAsList()) {
            byVersion.put(r.getInt(0), r);
        }
        Row v1 = byVersion.get(1);
        assertThat(v1.getLong(1)).isEqualTo(V1_BEFORE + V1_AFTER);
        assertThat(v1.getLong(2)).as("no experiment_id in rows of the version 1 sink").isZero();
        assertThat(v1.getLong(3)).isZero();
        assertThat(v1.getLong(4)).isZero();
        assertThat(v1.getLong(5)).isEqualTo((V1_BEFORE + V1_AFTER) / 4);
        Row v2 = byVersion.get(2);
        assertThat(v2.getLong(1)).isEqualTo(V2);
        assertThat(v2.getLong(2)).isEqualTo(V2 / 2);
        assertThat(v2.getLong(3)).isEqualTo(V2 / 2);
        assertThat(v2.getLong(4)).isPositive();
        assertThat(spark.sql("SELECT count(*) FROM " + table + " WHERE coupon_code = 'WELCOME10'").first().getLong(0))
                .isEqualTo(v2.getLong(4));
    }

    @Test
    void theVersionBeforeTheEvolutionStillReadsWithItsOwnSchema() {
        var before = spark.read().format("delta").option("versionAsOf", versionBeforeEvolution).load(uri);
        assertThat(before.columns()).doesNotContain("experiment_id", "coupon_code").contains(TableSchema.RESCUED_DATA_COLUMN);
        assertThat(before.count()).isEqualTo(V1_BEFORE);
        Row change = spark.sql("DESCRIBE HISTORY delta.`" + uri + "`").collectAsList().stream()
                .filter(r -> r.getLong(r.fieldIndex("version")) == evolutionVersion).findFirst().orElseThrow();
        assertThat(change.getString(change.fieldIndex("operation"))).isEqualTo("ADD COLUMNS");
        // metadata only: the commit holds no add or remove
        var commit = DeltaLog.forTable(new Configuration(), uri).getChanges(evolutionVersion, true).next();
        assertThat(commit.getVersion()).isEqualTo(evolutionVersion);
        assertThat(commit.getActions()).hasSize(2).allMatch(a -> a instanceof io.delta.standalone.actions.Metadata
                || a instanceof io.delta.standalone.actions.CommitInfo);
        assertThat(evolutionVersion).isEqualTo(versionBeforeEvolution + 1);
    }

    @Test
    void describeTableShowsTheContractsComments() {
        Map<String, String> comments = new HashMap<>();
        for (Row r : spark.sql("DESCRIBE TABLE delta.`" + uri + "`").collectAsList()) {
            if (!r.isNullAt(2)) {
                comments.putIfAbsent(r.getString(0), r.getString(2));
            }
        }
        for (TableSchema.Column c : TableSchema.DATA_COLUMNS) {
            assertThat(comments).as(c.name()).containsEntry(c.name(), c.comment());
        }
        assertThat(comments.get(TableSchema.PARTITION_COLUMN)).isEqualTo(TableSchema.PARTITION_COMMENT);
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + uri + "`").first();
        assertThat(detail.getString(detail.fieldIndex("description"))).isEqualTo(TableSchema.description(2));
        // created by the version 1 sink, so the version 2 columns come after _rescued_data: 26 leading data columns
        assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
                .containsEntry(DeltaClickTable.NUM_INDEXED_COLS, "26");
    }

    @Test
    void rescuedDataReadsWithSparksJsonFunctions() {
        List<Row> rows = spark.sql("SELECT get_json_object(_rescued_data, '$.coupon_code'), "
                + "from_json(_rescued_data, 'coupon_code STRING, cart STRUCT<items: ARRAY<INT>, gift: BOOLEAN>').cart.items[1], "
                + "from_json(_rescued_data, 'cart STRUCT<gift: BOOLEAN>').cart.gift "
                + "FROM delta.`" + uri + "` WHERE _rescued_data IS NOT NULL").collectAsList();
        assertThat(rows).hasSize((V1_BEFORE + V1_AFTER) / 4).allSatisfy(r -> {
            assertThat(r.getString(0)).isEqualTo("SPRING5");
            assertThat(r.getInt(1)).isEqualTo(4);
            assertThat(r.getBoolean(2)).isTrue();
        });
    }

    @Test
    void deltaStandaloneSeesEveryRowAndTheEvolvedSchema() throws Exception {
        DeltaLog log = DeltaLog.forTable(new Configuration(), uri);
        long rows = 0;
        ObjectMapper json = new ObjectMapper();
        for (AddFile f : log.update().getAllFiles()) {
            rows += json.readTree(f.getStats()).get("numRecords").asLong();
        }
        assertThat(rows).isEqualTo(V1_BEFORE + V2 + V1_AFTER);
        assertThat(log.snapshot().getMetadata().getSchema().getFieldNames()).contains("experiment_id", "variant",
                "coupon_code", TableSchema.RESCUED_DATA_COLUMN);
    }
}
