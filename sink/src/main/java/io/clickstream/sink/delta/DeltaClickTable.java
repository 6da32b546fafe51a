package io.clickstream.sink.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.sink.table.ClickTable;
import io.clickstream.sink.table.CommitConflictException;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.TableFile;
import io.clickstream.sink.table.TableSchema;
import io.clickstream.sink.table.TableTransaction;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.DeltaScan;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.data.CloseableIterator;
import io.delta.standalone.exceptions.DeltaConcurrentModificationException;
import io.delta.standalone.expressions.EqualTo;
import io.delta.standalone.expressions.Literal;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.DateType;
import io.delta.standalone.types.DecimalType;
import io.delta.standalone.types.FieldMetadata;
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;

/**
 * The click table as a Delta Lake table, through delta-standalone.
 * <p>
 * delta-standalone checkpoints inside {@code commit()} every {@code delta.checkpointInterval} commits
 * (10 by default) and its checkpoints carry the {@code txn} actions, so offsets survive log cleanup.
 * <p>
 * Compaction rewrites are committed with {@code dataChange=false} on both sides, so delta-standalone checks
 * them with snapshot isolation: appends committed meanwhile do not conflict with a rewrite. A rewrite carries no
 * {@code txn} action and removes only files no append has read, so appends (which read only {@code txn}
 * versions) do not conflict with it either. A rewrite marks its partition's files as read: a concurrent commit
 * removing any of them (another instance compacting the same partition) makes it conflict.
 * <p>
 * Schema evolution: at start the table is brought to the sink's columns by a metadata-only commit (no file
 * added or removed) that adds the missing columns as nullable, the contract's column comments where a column has
 * none, the description and {@value #NUM_INDEXED_COLS}. It never drops, renames, retypes or narrows anything, and
 * a sink capped at an older contract version finds nothing to change on a newer table: it writes files without
 * the newer columns, which readers read as null. A column the sink cannot write to (another type, NOT NULL where
 * the sink may write null or nothing at all) stops it at start, naming the column.
 */
public final class DeltaClickTable implements ClickTable {

    static final String ENGINE = "clickstream-sink";
    /** Delta indexes (collects stats for) the first N data columns: those analysts filter on. */
    public static final String NUM_INDEXED_COLS = "delta.dataSkippingNumIndexedCols";
    /** The key of a column's comment in its metadata, as Spark's {@code DESCRIBE TABLE} reads it. */
    public static final String COMMENT = "comment";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attempts of the start-up schema commit when other sinks commit meanwhile. */
    private static final int EVOLVE_ATTEMPTS = 10;

    private final String uri;
    private final DeltaLog log;
    private final List<TableSchema.Column> columns;

    public DeltaClickTable(Configuration conf, String uri) {
        this(conf, uri, TableSchema.DATA_COLUMNS);
    }

    /** @param columns the columns this sink writes: {@link TableSchema#columns(int)} of its contract version */
    public DeltaClickTable(Configuration conf, String uri, List<TableSchema.Column> columns) {
        this.uri = uri;
        this.columns = List.copyOf(columns);
        Configuration c = new Configuration(conf);
        // several sink processes may share a local table (tests, a laptop): publish commits atomically
        c.setIfUnset("delta.logStore.file.impl", LocalAtomicLogStore.class.getName());
        this.log = DeltaLog.forTable(c, uri);
    }

    /** The table schema in Delta types: the data columns, then the partition column. */
    public static StructType schema() {
        return schema(TableSchema.DATA_COLUMNS);
    }

    /** The schema of a new table for the given data columns, with their comments. */
    public static StructType schema(List<TableSchema.Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (TableSchema.Column c : columns) {
            fields.add(field(c));
        }
        fields.add(new StructField(TableSchema.PARTITION_COLUMN, new DateType(), false, comment(TableSchema.PARTITION_COMMENT)));
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static StructField field(TableSchema.Column c) {
        return new StructField(c.name(), deltaType(c.type()), c.nullable(), comment(c.comment()));
    }

    private static FieldMetadata comment(String comment) {
        return FieldMetadata.builder().putString(COMMENT, comment).build();
    }

    private static DataType deltaType(TableSchema.Type type) {
        return switch (type) {
            case STRING -> new StringType();
            case TIMESTAMP -> new TimestampType();
            case DATE -> new DateType();
            case DECIMAL_10_2 -> new DecimalType(10, 2);
            case INT -> new IntegerType();
            case LONG -> new LongType();
        };
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long version() throws IOException {
        return call(() -> log.update().getVersion());
    }

    /**
     * Creates the table, or evolves an existing one to this sink's columns (see the class comment). Another sink
     * committing meanwhile makes the commit conflict: the decision is then taken again on the new version.
     */
    @Override
    public void createIfMissing() throws IOException {
        call(() -> {
            for (int attempt = 1; ; attempt++) {
                log.update();
                OptimisticTransaction txn = log.startTransaction();
                Metadata current = txn.readVersion() < 0 ? null : txn.metadata();
                Evolution change = current == null ? create() : evolve(current);
                if (change == null) {
                    return null;
                }
                txn.updateMetadata(change.metadata());
                try {
                    txn.commit(List.<Action>of(), change.operation(), ENGINE);
                    return null;
                } catch (DeltaConcurrentModificationException e) {
                    if (attempt == EVOLVE_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    /** A metadata-only commit: the new metadata and the operation the log records. */
    private record Evolution(Metadata metadata, Operation operation) {
    }

    private Evolution create() {
        StructType schema = schema(columns);
        Metadata metadata = Metadata.builder()
                .name("clicks")
                .description(description())
                .schema(schema)
                .partitionColumns(List.of(TableSchema.PARTITION_COLUMN))
                .configuration(tableProperties(schema))
                .build();
        return new Evolution(metadata, new Operation(Operation.Name.CREATE_TABLE));
    }

    /** A new table's properties: stats on the columns analysts filter on, and explicit retentions (VACUUM, log). */
    private static Map<String, String> tableProperties(StructType schema) {
        Map<String, String> properties = new HashMap<>(RetentionProperties.DEFAULTS);
        properties.put(NUM_INDEXED_COLS, Integer.toString(numIndexedColumns(schema)));
        return properties;
    }

    /**
     * What an existing table needs to meet this sink's columns, or null when nothing: missing columns added as
     * nullable at the end, comments where a known column has none, the number of indexed columns raised (never
     * lowered), the description when columns are added or it has none.
     *
     * @throws IllegalStateException naming the column, if the table conflicts with the contract
     */
    Evolution evolve(Metadata metadata) {
        if (!metadata.getPartitionColumns().equals(List.of(TableSchema.PARTITION_COLUMN))) {
            throw conflict("it is partitioned by " + metadata.getPartitionColumns() + ", not by ["
                    + TableSchema.PARTITION_COLUMN + "]");
        }
        Map<String, TableSchema.Column> ours = new java.util.LinkedHashMap<>();
        columns.forEach(c -> ours.put(c.name(), c));
        List<StructField> fields = new ArrayList<>();
        boolean commented = false;
        for (StructField f : metadata.getSchema().getFields()) {
            TableSchema.Column c = ours.remove(f.getName());
            if (f.getName().equals(TableSchema.PARTITION_COLUMN)) {
                if (!(f.getDataType() instanceof DateType)) {
                    throw conflict("column " + f.getName() + " has type " + typeName(f.getDataType())
                            + ", the contract's is date");
                }
                fields.add(f);
            } else if (c == null) {
                // a column of a newer contract version (or another writer's): this sink's rows hold null in it
                if (!f.isNullable()) {
                    throw conflict("column " + f.getName() + " is NOT NULL and this sink does not write it");
                }
                fields.add(f);
            } else {
                DataType type = deltaType(c.type());
                if (!f.getDataType().equals(type)) {
                    throw conflict("column " + f.getName() + " has type " + typeName(f.getDataType())
                            + ", the contract's is " + typeName(type));
                }
                if (!f.isNullable() && c.nullable()) {
                    throw conflict("column " + f.getName() + " is NOT NULL, but the contract allows null in it");
                }
                if (f.getMetadata().contains(COMMENT)) {
                    fields.add(f);
                } else {
                    fields.add(new StructField(f.getName(), f.getDataType(), f.isNullable(), comment(c.comment())));
                    commented = true;
                }
            }
        }
        List<String> added = new ArrayList<>();
        for (TableSchema.Column c : ours.values()) {
            if (!c.nullable()) {
                throw conflict("it lacks the required column " + c.name() + " (only nullable columns can be added)");
            }
            fields.add(field(c));
            added.add(c.name());
        }
        StructType schema = new StructType(fields.toArray(StructField[]::new));
        Map<String, String> configuration = new HashMap<>(metadata.getConfiguration());
        int indexed = numIndexedColumns(schema);
        boolean moreIndexed = indexed > parseOrZero(configuration.get(NUM_INDEXED_COLS));
        if (moreIndexed) {
            configuration.put(NUM_INDEXED_COLS, Integer.toString(indexed));
        }
        boolean describe = !added.isEmpty() || metadata.getDescription() == null || metadata.getDescription().isBlank();
        if (added.isEmpty() && !commented && !moreIndexed && !describe) {
            return null;
        }
        Metadata evolved = metadata.copyBuilder()
                .schema(schema)
                .configuration(configuration)
                .description(describe ? description() : metadata.getDescription())
                .build();
        Operation op = added.isEmpty()
                ? new Operation(Operation.Name.SET_TABLE_PROPERTIES)
                : new Operation(Operation.Name.ADD_COLUMNS, Map.of("columns", jsonString(String.join(",", added))), Map.of());
        return new Evolution(evolved, op);
    }

    /**
     * How many leading data columns (the partition column does not count) Delta must index so that every column
     * the contract marks as filtered on has stats, wherever evolution put it.
     */
    private static int numIndexedColumns(StructType schema) {
        int n = 0;
        int position = 0;
        for (StructField f : schema.getFields()) {
            if (f.getName().equals(TableSchema.PARTITION_COLUMN)) {
                continue;
            }
            position++;
            boolean indexed = TableSchema.DATA_COLUMNS.stream().anyMatch(c -> c.name().equals(f.getName()) && c.indexed());
            if (indexed) {
                n = position;
            }
        }
        return n;
    }

    private static String typeName(DataType type) {
        return type instanceof DecimalType d ? "decimal(" + d.getPrecision() + "," + d.getScale() + ")" : type.getSimpleString();
    }

    private static int parseOrZero(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String description() {
        int newest = columns.stream().mapToInt(TableSchema.Column::since).max().orElse(1);
        return TableSchema.description(newest);
    }

    private IllegalStateException conflict(String problem) {
        return new IllegalStateException("the Delta table at " + uri + " conflicts with the event contract: " + problem);
    }

    @Override
    public TableTransaction begin() throws IOException {
        return new Tx(call(log::startTransaction));
    }

    @Override
    public List<TableFile> files() throws IOException {
        return call(() -> files(log.update().scan()));
    }

    private static List<TableFile> files(DeltaScan scan) {
        List<TableFile> files = new ArrayList<>();
        try (CloseableIterator<AddFile> it = scan.getFiles()) {
            while (it.hasNext()) {
                AddFile f = it.next();
                files.add(new TableFile(f.getPath(), Collections.unmodifiableMap(new HashMap<>(f.getPartitionValues())),
                        f.getSize(), f.getModificationTime()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private final class Tx implements TableTransaction {
        private final OptimisticTransaction txn;
        /** paths returned by {@link #readPartition}: the only files {@link #commitRewrite} may remove */
        private final Set<String> read = new HashSet<>();

        Tx(OptimisticTransaction txn) {
            this.txn = txn;
        }

        @Override
        public long readVersion() {
            return txn.readVersion();
        }

        @Override
        public long txnVersion(String appId) {
            return txn.txnVersion(appId);
        }

        @Override
        public long commit(List<DataFile> files, Map<String, Long> txnVersions, Optional<String> note)
                throws CommitConflictException, IOException {
            long now = System.currentTimeMillis();
            List<Action> actions = new ArrayList<>(files.size() + txnVersions.size());
            long rows = 0;
            for (DataFile f : files) {
                // delta-standalone writes stats into the log verbatim: it must already be a JSON string literal
                actions.add(new AddFile(f.path(), f.partitionValues(), f.sizeBytes(), f.modificationTime(), true,
                        jsonString(f.statsJson()), null));
                rows += f.numRecords();
            }
            txnVersions.forEach((appId, version) -> actions.add(new SetTransaction(appId, version, Optional.of(now))));
            Operation op = new Operation(Operation.Name.WRITE,
                    Map.of("mode", jsonString("Append"), "partitionBy", jsonString("[\"" + TableSchema.PARTITION_COLUMN + "\"]")),
                    Map.of("numFiles", Long.toString(files.size()), "numOutputRows", Long.toString(rows)), note);
            return commit(actions, op);
        }

        @Override
        public List<TableFile> readPartition(LocalDate eventDate) throws IOException {
            EqualTo onDate = new EqualTo(schema().column(TableSchema.PARTITION_COLUMN), Literal.of(java.sql.Date.valueOf(eventDate)));
            List<TableFile> files = call(() -> files(txn.markFilesAsRead(onDate)));
            files.forEach(f -> read.add(f.path()));
            return files;
        }

        @Override
        public long commitRewrite(List<TableFile> removed, DataFile added) throws CommitConflictException, IOException {
            long now = System.currentTimeMillis();
            List<Action> actions = new ArrayList<>(removed.size() + 1);
            long removedBytes = 0;
            for (TableFile f : removed) {
                if (!read.contains(f.path())) {
                    throw new IllegalArgumentException("cannot remove " + f.path() + ": not read by this transaction");
                }
                actions.add(new RemoveFile(f.path(), Optional.of(now), false, true, f.partitionValues(),
                        Optional.of(f.sizeBytes()), null));
                removedBytes += f.sizeBytes();
            }
            actions.add(new AddFile(added.path(), added.partitionValues(), added.sizeBytes(), added.modificationTime(), false,
                    jsonString(added.statsJson()), null));
            // delta-standalone 3.3.2 has no OPTIMIZE operation: MANUAL_UPDATE, with OPTIMIZE's predicate and file metrics
            String predicate = "[\"" + TableSchema.PARTITION_COLUMN + " = '"
                    + added.partitionValues().get(TableSchema.PARTITION_COLUMN) + "'\"]";
            Operation op = new Operation(Operation.Name.MANUAL_UPDATE,
                    Map.of("operation", jsonString("compaction"), "predicate", jsonString(predicate)),
                    Map.of("numRemovedFiles", Long.toString(removed.size()), "numRemovedBytes", Long.toString(removedBytes),
                            "numAddedFiles", "1", "numAddedBytes", Long.toString(added.sizeBytes())));
            return commit(actions, op);
        }

        private long commit(List<Action> actions, Operation op) throws CommitConflictException, IOException {
            try {
                return call(() -> txn.commit(actions, op, ENGINE).getVersion());
            } catch (DeltaConcurrentModificationException e) {
                throw new CommitConflictException(e.getMessage(), e);
            }
        }
    }

    private static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface StorageCall<T> {
        T run();
    }

    /** delta-standalone wraps Hadoop's IOExceptions in unchecked ones: unwrap so callers see a storage failure. */
    private static <T> T call(StorageCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (DeltaConcurrentModificationException | IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            IOException io = findIo(e);
            if (io != null) {
                throw new IOException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private static IOException findIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
