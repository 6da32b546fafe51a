package io.clickstream.sink.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileReader;
import io.clickstream.sink.table.TableFile;
import io.clickstream.sink.table.TableSchema;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.VersionLog;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.CommitInfo;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;

/**
 * The table follows the contract by metadata-only commits that add nullable columns, comments and properties;
 * a sink capped at an older contract version never narrows a newer table and writes rows readers complete with
 * nulls; a table that conflicts with the contract is refused, naming the column.
 */
class TableEvolutionTest {

    /** The columns the sink wrote before contract version 2 and {@code _rescued_data} existed. */
    static final List<TableSchema.Column> BEFORE = TableSchema.columns(1).subList(0, 22);

    private Configuration conf;
    private String uri;

    @BeforeEach
    void newTable() throws IOException {
        uri = HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory("evolve-").resolve("clicks").toString());
        conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
    }

    @Test
    void aTableOfTheFirstVersionEvolvesByOneMetadataOnlyCommit() throws Exception {
        createAsBefore(s -> s);
        List<ClickEvent> old = Events.generateV1(10, 31, Instant.parse("2026-05-01T10:00:00Z"), 1_000);
        append(new DeltaClickTable(conf, uri, BEFORE), BEFORE, rows(old, null), 9);
        DeltaLog log = DeltaLog.forTable(conf, uri);
        assertThat(log.update().getVersion()).isEqualTo(1);

        new DeltaClickTable(conf, uri).createIfMissing();

        assertThat(log.update().getVersion()).isEqualTo(2);
        List<Action> actions = actions(log, 2);
        assertThat(actions).as("metadata only: no file added or removed")
                .allMatch(a -> a instanceof Metadata || a instanceof CommitInfo).hasSize(2);
        assertThat(actions.stream().filter(CommitInfo.class::isInstance).map(a -> ((CommitInfo) a).getOperation()))
                .containsExactly("ADD COLUMNS");
        Metadata m = log.snapshot().getMetadata();
        StructType schema = m.getSchema();
        for (String added : List.of("experiment_id", "variant", "coupon_code", TableSchema.RESCUED_DATA_COLUMN)) {
            assertThat(schema.get(added).getDataType()).isEqualTo(new StringType());
            assertThat(schema.get(added).isNullable()).isTrue();
        }
        // nothing dropped, reordered or retyped: the old columns first, as they were
        StructType before = DeltaClickTable.schema(BEFORE);
        for (int i = 0; i < before.getFields().length; i++) {
            assertThat(schema.getFields()[i].getName()).isEqualTo(before.getFields()[i].getName());
            assertThat(schema.getFields()[i].getDataType()).isEqualTo(before.getFields()[i].getDataType());
            assertThat(schema.getFields()[i].isNullable()).isEqualTo(before.getFields()[i].isNullable());
        }
        // the table describes itself: comments from the contract, description, stats for every filtered column
        assertThat(schema.get("coupon_code").getMetadata().get(DeltaClickTable.COMMENT)).asString().contains("coupon");
        assertThat(schema.get("event_id").getMetadata().get(DeltaClickTable.COMMENT)).asString().contains("UUID");
        assertThat(m.getDescription()).contains("_rescued_data").contains("schema_version 1 to 2");
        // data columns (event_date, the partition column, does not count): 22 old, then the 3 of version 2
        assertThat(m.getConfiguration()).containsEntry(DeltaClickTable.NUM_INDEXED_COLS, "25");

        // the rows written before read as null in the new columns; the offsets survive
        List<ClickRow> read = readAll(new ParquetDataFileReader(conf, uri), log);
        assertThat(read).hasSize(10).allSatisfy(r -> {
            assertThat(r.event().experimentId()).isNull();
            assertThat(r.event().couponCode()).isNull();
            assertThat(r.rescuedData()).isNull();
        });
        assertThat(new DeltaClickTable(conf, uri).begin().txnVersion("app-clicks-0")).isEqualTo(9);

        // once is enough: a restart finds nothing to change
        new DeltaClickTable(conf, uri).createIfMissing();
        assertThat(log.update().getVersion()).isEqualTo(2);
    }

    @Test
    void aNewTableHasCommentsDescriptionAndIndexedColumns() throws Exception {
        new DeltaClickTable(conf, uri).createIfMissing();
        Metadata m = DeltaLog.forTable(conf, uri).update().getMetadata();
        for (StructField f : m.getSchema().getFields()) {
            assertThat(f.getMetadata().contains(DeltaClickTable.COMMENT)).as(f.getName()).isTrue();
        }
        assertThat(m.getSchema().getFieldNames()).containsSubsequence("ingest_time", "experiment_id", "variant",
                "coupon_code", TableSchema.RESCUED_DATA_COLUMN, TableSchema.PARTITION_COLUMN);
        assertThat(m.getConfiguration()).containsEntry(DeltaClickTable.NUM_INDEXED_COLS, "25");
        assertThat(m.getDescription()).isNotBlank();
    }

    /** Rolling upgrade: a sink capped at version 1 on a table a version 2 sink created. */
    @Test
    void aSinkOfAnOlderVersionKeepsTheNewerSchemaAndItsRowsReadAsNullThere() throws Exception {
        DeltaClickTable v2 = new DeltaClickTable(conf, uri);
        v2.createIfMissing();
        List<ClickEvent> newer = Events.generate(5, 41, Instant.parse("2026-05-02T10:00:00Z"), 1_000).stream()
                .map(e -> e.withVersion2("exp-1", "B", "WELCOME10")).toList();
        List<DataFile> newerFiles = append(v2, TableSchema.DATA_COLUMNS, rows(newer, "{\"x\":1}"), 4);
        DeltaLog log = DeltaLog.forTable(conf, uri);
        StructType schema = log.update().getMetadata().getSchema();

        List<TableSchema.Column> v1Columns = TableSchema.columns(1);
        DeltaClickTable v1 = new DeltaClickTable(conf, uri, v1Columns);
        v1.createIfMissing();
        assertThat(log.update().getVersion()).as("the older sink commits no schema change").isEqualTo(1);
        List<ClickEvent> older = Events.generateV1(5, 42, Instant.parse("2026-05-02T10:00:00Z"), 1_000);
        append(v1, v1Columns, rows(older, null), 10);
        assertThat(log.update().getMetadata().getSchema()).isEqualTo(schema);

        List<ClickRow> read = readAll(new ParquetDataFileReader(conf, uri), log);
        assertThat(read).hasSize(10);
        assertThat(read.stream().filter(r -> r.event().schemaVersion() == 2))
                .hasSize(5).allMatch(r -> "WELCOME10".equals(r.event().couponCode()) && "{\"x\":1}".equals(r.rescuedData()));
        assertThat(read.stream().filter(r -> r.event().schemaVersion() == 1))
                .hasSize(5).allMatch(r -> r.event().couponCode() == null && r.event().variant() == null);

        // the older sink never rewrites (compacts) a file with columns it does not know: it would drop their values
        ParquetDataFileReader v1Reader = new ParquetDataFileReader(conf, uri, v1Columns);
        DataFile d = newerFiles.get(0);
        TableFile newerFile = new TableFile(d.path(), d.partitionValues(), d.sizeBytes(), d.modificationTime());
        assertThatThrownBy(() -> v1Reader.open(newerFile).read()).hasMessageContaining("column experiment_id");
    }

    /** A table created by a sink capped at version 1 gets the version 2 columns after _rescued_data: indexed too. */
    @Test
    void indexedColumnsCoverAddedColumnsWhereverTheyLand() throws Exception {
        new DeltaClickTable(conf, uri, TableSchema.columns(1)).createIfMissing();
        DeltaLog log = DeltaLog.forTable(conf, uri);
        assertThat(log.update().getMetadata().getConfiguration()).containsEntry(DeltaClickTable.NUM_INDEXED_COLS, "22");
        new DeltaClickTable(conf, uri).createIfMissing();
        assertThat(log.update().getMetadata().getSchema().getFieldNames()).endsWith("experiment_id", "variant", "coupon_code");
        assertThat(log.snapshot().getMetadata().getConfiguration()).containsEntry(DeltaClickTable.NUM_INDEXED_COLS, "26");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "price as string           | column price has type string, the contract's is decimal(10,2)",
            "user_id not null          | column user_id is NOT NULL, but the contract allows null in it",
            "extra tenant not null     | column tenant is NOT NULL and this sink does not write it",
            "no event_id               | it lacks the required column event_id",
    })
    void aConflictingTableIsRefusedNamingTheColumn(String change, String message) throws Exception {
        createAsBefore(schema -> switch (change.trim()) {
            case "price as string" -> replace(schema, new StructField("price", new StringType(), true));
            case "user_id not null" -> replace(schema, new StructField("user_id", new StringType(), false));
            case "extra tenant not null" -> schema.add(new StructField("tenant", new StringType(), false));
            case "no event_id" -> new StructType(java.util.Arrays.stream(schema.getFields())
                    .filter(f -> !f.getName().equals("event_id")).toArray(StructField[]::new));
            default -> throw new IllegalArgumentException(change);
        });
        long version = DeltaLog.forTable(conf, uri).update().getVersion();
        assertThatThrownBy(() -> new DeltaClickTable(conf, uri).createIfMissing())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conflicts with the event contract")
                .hasMessageContaining(message.trim());
        assertThat(DeltaLog.forTable(conf, uri).update().getVersion()).as("nothing committed").isEqualTo(version);
    }

    @Test
    void anExtraNullableColumnIsKept() throws Exception {
        createAsBefore(schema -> schema.add(new StructField("note", new StringType(), true)));
        new DeltaClickTable(conf, uri).createIfMissing();
        assertThat(DeltaLog.forTable(conf, uri).update().getMetadata().getSchema().getFieldNames()).contains("note", "coupon_code");
    }

    /** Creates the table as the sink did before this version: no comments, no properties, an older description. */
    private void createAsBefore(UnaryOperator<StructType> change) {
        List<StructField> plain = new ArrayList<>();
        for (StructField f : DeltaClickTable.schema(BEFORE).getFields()) {
            plain.add(new StructField(f.getName(), f.getDataType(), f.isNullable()));
        }
        DeltaLog log = DeltaLog.forTable(conf, uri);
        OptimisticTransaction txn = log.startTransaction();
        txn.updateMetadata(Metadata.builder().name("clicks").description("Click events from Kafka topic clicks, one row per event")
                .schema(change.apply(new StructType(plain.toArray(StructField[]::new))))
                .partitionColumns(List.of(TableSchema.PARTITION_COLUMN)).build());
        txn.commit(List.of(), new Operation(Operation.Name.CREATE_TABLE), "test");
    }

    private static StructType replace(StructType schema, StructField field) {
        return new StructType(java.util.Arrays.stream(schema.getFields())
                .map(f -> f.getName().equals(field.getName()) ? field : f).toArray(StructField[]::new));
    }

    private List<DataFile> append(DeltaClickTable table, List<TableSchema.Column> columns, List<ClickRow> rows,
            long lastOffset) throws Exception {
        List<DataFile> files = new ParquetDataFileWriter(conf, uri, 1, columns).writeRows(rows);
        table.begin().commit(files, Map.of("app-clicks-0", lastOffset));
        return files;
    }

    private static List<ClickRow> rows(List<ClickEvent> events, String rescued) {
        List<ClickRow> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rows.add(new ClickRow(events.get(i), 0, i, Instant.parse("2026-05-03T00:00:00Z"), rescued));
        }
        return rows;
    }

    private List<ClickRow> readAll(DataFileReader reader, DeltaLog log) throws IOException {
        List<ClickRow> rows = new ArrayList<>();
        for (TableFile f : new DeltaClickTable(conf, uri).files()) {
            try (DataFileReader.Rows r = reader.open(f)) {
                for (ClickRow row = r.read(); row != null; row = r.read()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<Action> actions(DeltaLog log, long version) {
        Iterator<VersionLog> it = log.getChanges(version, true);
        VersionLog v = it.next();
        assertThat(v.getVersion()).isEqualTo(version);
        return v.getActions();
    }
}
