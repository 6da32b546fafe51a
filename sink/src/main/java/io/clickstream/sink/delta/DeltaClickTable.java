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
 */
public final class DeltaClickTable implements ClickTable {

    static final String ENGINE = "clickstream-sink";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uri;
    private final DeltaLog log;

    public DeltaClickTable(Configuration conf, String uri) {
        this.uri = uri;
        Configuration c = new Configuration(conf);
        // several sink processes may share a local table (tests, a laptop): publish commits atomically
        c.setIfUnset("delta.logStore.file.impl", LocalAtomicLogStore.class.getName());
        this.log = DeltaLog.forTable(c, uri);
    }

    /** The table schema in Delta types: the data columns, then the partition column. */
    public static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (TableSchema.Column c : TableSchema.DATA_COLUMNS) {
            fields.add(new StructField(c.name(), deltaType(c.type()), c.nullable()));
        }
        fields.add(new StructField(TableSchema.PARTITION_COLUMN, new DateType(), false));
        return new StructType(fields.toArray(StructField[]::new));
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

    @Override
    public void createIfMissing() throws IOException {
        call(() -> {
            log.update();
            if (log.tableExists()) {
                checkSchema(log.snapshot().getMetadata());
                return null;
            }
            OptimisticTransaction txn = log.startTransaction();
            txn.updateMetadata(Metadata.builder()
                    .name("clicks")
                    .description("Click events from Kafka topic clicks, one row per event")
                    .schema(schema())
                    .partitionColumns(List.of(TableSchema.PARTITION_COLUMN))
                    .configuration(RetentionProperties.DEFAULTS)
                    .build());
            try {
                txn.commit(List.<Action>of(), new Operation(Operation.Name.CREATE_TABLE), ENGINE);
            } catch (DeltaConcurrentModificationException e) {
                // another sink instance created it first
                checkSchema(log.update().getMetadata());
            }
            return null;
        });
    }

    private void checkSchema(Metadata metadata) {
        StructType existing = metadata.getSchema();
        if (existing == null || !existing.equals(schema())
                || !metadata.getPartitionColumns().equals(List.of(TableSchema.PARTITION_COLUMN))) {
            throw new IllegalStateException("the Delta table at " + uri + " exists with another schema or partitioning: "
                    + (existing == null ? "none" : existing.getTreeString()) + " partitioned by "
                    + metadata.getPartitionColumns() + "; expected " + schema().getTreeString()
                    + " partitioned by [" + TableSchema.PARTITION_COLUMN + "]");
        }
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
