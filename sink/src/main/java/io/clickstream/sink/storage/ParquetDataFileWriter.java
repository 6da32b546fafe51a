package io.clickstream.sink.storage;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.jboss.logging.Logger;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.TableSchema;
import io.clickstream.sink.table.TableSchema.Column;

/**
 * Writes rows as snappy Parquet files, one per {@code event_date} touched, under the table root, and
 * collects each file's column statistics for the Delta log.
 * <p>
 * Physical types are the ones Spark writes for the same logical types: timestamps as INT64 micros
 * adjusted to UTC, decimal(10,2) as INT64 with a DECIMAL annotation, strings as UTF-8 binaries.
 * <p>
 * Speed: each row's fields are written with typed calls (no per-value boxing or column lookups), the
 * UTF-8 bytes of repeated strings (store, page, campaign...) are encoded once per file and shared, and
 * {@code event_id}, unique per row, skips dictionary encoding. A large flush is cut into row ranges
 * written as separate files in parallel, so the flusher uses the core the consumer leaves idle.
 */
public final class ParquetDataFileWriter implements DataFileWriter {

    private static final Logger LOG = Logger.getLogger(ParquetDataFileWriter.class);

    /** The file schema of the newest contract version's columns. */
    static final MessageType PARQUET_SCHEMA = parquetSchema(TableSchema.DATA_COLUMNS);

    /** Only a date group of at least twice this many rows is split into files written in parallel. */
    static final int MIN_ROWS_PER_PARALLEL_FILE = 10_000;
    /** Distinct strings per column whose UTF-8 bytes are kept for reuse within one file. */
    private static final int STRING_CACHE_LIMIT = 4_096;

    private static final AtomicInteger POOL_THREADS = new AtomicInteger();

    private final Configuration conf;
    private final Path tableRoot;
    private final int parallelism;
    private final ThreadPoolExecutor pool;
    private final List<Column> columns;
    private final MessageType fileSchema;

    public ParquetDataFileWriter(Configuration conf, String tableUri) {
        this(conf, tableUri, Runtime.getRuntime().availableProcessors());
    }

    /** @param parallelism files written at once by one {@link #write} call (the calling thread included) */
    public ParquetDataFileWriter(Configuration conf, String tableUri, int parallelism) {
        this(conf, tableUri, parallelism, TableSchema.DATA_COLUMNS);
    }

    /**
     * @param columns the columns files get: {@link TableSchema#columns(int)} of the contract version the sink knows
     *                (a sink capped at an older version writes no column of a newer one)
     */
    public ParquetDataFileWriter(Configuration conf, String tableUri, int parallelism, List<Column> columns) {
        List<String> names = columns.stream().map(Column::name).toList();
        // the typed writes of RowWriteSupport address the version 1 columns by their position
        if (!ROW_ORDER.containsAll(names) || !names.subList(0, 22).equals(ROW_ORDER.subList(0, 22))) {
            throw new IllegalArgumentException("not a column list of the table: " + names);
        }
        this.columns = List.copyOf(columns);
        this.fileSchema = parquetSchema(this.columns);
        this.conf = conf;
        this.tableRoot = new Path(tableUri);
        this.parallelism = Math.max(1, parallelism);
        // idle helper threads end after a while, so an unused writer holds no thread
        this.pool = new ThreadPoolExecutor(this.parallelism, this.parallelism, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sink-parquet-" + POOL_THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    private record Part(LocalDate date, List<ClickRow> rows) {
    }

    @Override
    public List<DataFile> write(List<ClickRow> rows) throws IOException {
        Map<LocalDate, List<ClickRow>> byDate = new TreeMap<>();
        LocalDate lastDate = null;
        List<ClickRow> lastList = null;
        long lastDay = Long.MIN_VALUE;
        for (ClickRow row : rows) {
            long day = Math.floorDiv(row.event().eventTime().getEpochSecond(), 86_400L);
            if (day != lastDay) {
                lastDay = day;
                lastDate = LocalDate.ofEpochDay(day);
                lastList = byDate.computeIfAbsent(lastDate, d -> new ArrayList<>());
            }
            lastList.add(row);
        }
        List<Part> parts = new ArrayList<>();
        for (Map.Entry<LocalDate, List<ClickRow>> e : byDate.entrySet()) {
            List<ClickRow> group = e.getValue();
            int pieces = (int) Math.min(parallelism, Math.max(1, group.size() / MIN_ROWS_PER_PARALLEL_FILE));
            int size = (group.size() + pieces - 1) / pieces;
            for (int from = 0; from < group.size(); from += size) {
                parts.add(new Part(e.getKey(), group.subList(from, Math.min(group.size(), from + size))));
            }
        }
        return parts.size() == 1 ? writeSerially(parts) : writeInParallel(parts);
    }

    private List<DataFile> writeSerially(List<Part> parts) throws IOException {
        List<DataFile> files = new ArrayList<>(parts.size());
        try {
            for (Part p : parts) {
                files.add(writeFile(p.date(), p.rows()));
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(files);
            throw e;
        }
        return files;
    }

    private List<DataFile> writeInParallel(List<Part> parts) throws IOException {
        List<Future<DataFile>> futures = new ArrayList<>(parts.size());
        // the last part runs on the calling thread, the others on the helpers
        for (Part p : parts.subList(0, parts.size() - 1)) {
            futures.add(pool.submit(() -> writeFile(p.date(), p.rows())));
        }
        List<DataFile> files = new ArrayList<>(parts.size());
        Throwable failure = null;
        DataFile own = null;
        try {
            Part last = parts.get(parts.size() - 1);
            own = writeFile(last.date(), last.rows());
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<DataFile> f : futures) {
            while (true) {
                try {
                    files.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // wait anyway: a file written after we return would be an unknown orphan
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (own != null) {
            files.add(own);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            deleteQuietly(files);
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(failure.getMessage(), failure);
        }
        return files;
    }

    private DataFile writeFile(LocalDate date, List<ClickRow> rows) throws IOException {
        StreamedFile file = new StreamedFile(date);
        try {
            for (ClickRow row : rows) {
                file.write(row);
            }
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw e;
        }
        return file.close();
    }

    @Override
    public void deleteQuietly(List<DataFile> files) {
        for (DataFile f : files) {
            Path path = new Path(tableRoot, f.path());
            try {
                FileSystem fs = path.getFileSystem(conf);
                fs.delete(path, false);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("could not delete uncommitted file %s: %s", path, e.getMessage());
            }
        }
    }

    /** Row group size of a data file: about what a file being written holds in memory at most. */
    static final long STREAMED_ROW_GROUP_BYTES = 16L * 1024 * 1024;

    @Override
    public OpenFile open(LocalDate eventDate) throws IOException {
        return new StreamedFile(eventDate);
    }

    /**
     * One data file written a row at a time, by a flush ({@link #writeFile}) or by compaction ({@link #open}): snappy,
     * no dictionary for the unique {@code event_id}, row groups of {@link #STREAMED_ROW_GROUP_BYTES}, column stats
     * for the Delta log. A file that cannot be finished is deleted.
     */
    private final class StreamedFile implements OpenFile {
        private final LocalDate date;
        private final long epochDay;
        private final String relative;
        private final Path path;
        private final FileStats stats = new FileStats(columns);
        private final ParquetWriter<ClickRow> writer;
        private long rows;
        private boolean finished;

        StreamedFile(LocalDate date) throws IOException {
            this.date = date;
            this.epochDay = date.toEpochDay();
            this.relative = TableSchema.PARTITION_COLUMN + "=" + date + "/part-00000-" + UUID.randomUUID()
                    + ".c000.snappy.parquet";
            this.path = new Path(tableRoot, relative);
            this.writer = new Builder(HadoopOutputFile.fromPath(path, conf), new RowWriteSupport(stats, columns, fileSchema))
                    .withConf(conf)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .withDictionaryEncoding("event_id", false)
                    .withRowGroupSize(STREAMED_ROW_GROUP_BYTES)
                    .build();
        }

        @Override
        public void write(ClickRow row) throws IOException {
            if (Math.floorDiv(row.event().eventTime().getEpochSecond(), 86_400L) != epochDay) {
                throw new IllegalArgumentException("row " + row.event().eventId() + " of " + row.eventDate()
                        + " does not belong in a file of " + TableSchema.PARTITION_COLUMN + "=" + date);
            }
            writer.write(row);
            rows++;
        }

        @Override
        public DataFile close() throws IOException {
            finished = true;
            try {
                writer.close();
                FileStatus status = path.getFileSystem(conf).getFileStatus(path);
                return new DataFile(relative, Map.of(TableSchema.PARTITION_COLUMN, date.toString()), status.getLen(),
                        status.getModificationTime(), rows, stats.toJson());
            } catch (IOException | RuntimeException e) {
                delete();
                throw e;
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing aborted file %s: %s", path, e.getMessage());
            }
            delete();
        }

        private void delete() {
            try {
                path.getFileSystem(conf).delete(path, false);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("could not delete unfinished file %s: %s", path, e.getMessage());
            }
        }
    }

    static MessageType parquetSchema(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            Repetition rep = c.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            switch (c.type()) {
                case STRING -> b.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case TIMESTAMP -> b.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name());
                case DATE -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(c.name());
                case DECIMAL_10_2 -> b.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.decimalType(2, 10)).named(c.name());
                case INT -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
                case LONG -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
                default -> throw new IllegalStateException("unmapped column type " + c.type());
            }
        }
        return b.named("spark_schema");
    }

    private static final class Builder extends ParquetWriter.Builder<ClickRow, Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ClickRow> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    /** The column order {@link RowWriteSupport#write} and the reader follow. */
    static final List<String> ROW_ORDER = List.of("event_id", "event_time", "store_id", "session_id",
            "user_id", "event_type", "page", "product_id", "category_id", "price", "quantity", "referrer", "utm_source",
            "utm_medium", "utm_campaign", "ad_id", "device", "country", "schema_version", "kafka_partition",
            "kafka_offset", "ingest_time", "experiment_id", "variant", "coupon_code", TableSchema.RESCUED_DATA_COLUMN);

    static {
        List<String> schema = TableSchema.DATA_COLUMNS.stream().map(Column::name).toList();
        if (!schema.equals(ROW_ORDER)) {
            throw new IllegalStateException("the Parquet row writer and reader do not follow the table's columns " + schema);
        }
    }

    /**
     * Writes one row's fields in {@link #ROW_ORDER} (the newest {@link TableSchema#DATA_COLUMNS} order, checked when
     * the class loads), skipping the columns the file does not have, and feeds the same values to the file's
     * statistics. Values are addressed by their position k in {@link #ROW_ORDER}; {@code field[k]} is the
     * column's index in the file (-1 when the file has no such column).
     */
    static final class RowWriteSupport extends WriteSupport<ClickRow> {
        private final FileStats stats;
        private final MessageType schema;
        private final String[] names;
        private final int[] field;
        /** per string column, string instance → its UTF-8 bytes, for the repeated values; null for unique columns */
        private final Map<String, Binary>[] strings;
        private RecordConsumer out;

        @SuppressWarnings("unchecked")
        RowWriteSupport(FileStats stats, List<Column> columns, MessageType schema) {
            this.stats = stats;
            this.schema = schema;
            List<String> fileColumns = columns.stream().map(Column::name).toList();
            this.names = ROW_ORDER.toArray(String[]::new);
            this.field = new int[names.length];
            this.strings = new Map[names.length];
            for (int k = 0; k < names.length; k++) {
                field[k] = fileColumns.indexOf(names[k]);
                TableSchema.Column c = TableSchema.DATA_COLUMNS.get(k);
                if (c.type() == TableSchema.Type.STRING && !names[k].equals("event_id")
                        && !names[k].equals("session_id") && !names[k].equals("user_id")
                        && !names[k].equals(TableSchema.RESCUED_DATA_COLUMN)) {
                    // decoded events share one instance per repeated value: look values up by identity
                    strings[k] = new IdentityHashMap<>();
                }
            }
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(ClickRow row) {
            ClickEvent e = row.event();
            stats.row();
            out.startMessage();
            string(0, e.eventId());
            timestamp(1, e.eventTime());
            string(2, e.storeId());
            string(3, e.sessionId());
            string(4, e.userId());
            string(5, e.eventType().wire());
            string(6, e.page());
            integer(7, e.productId());
            integer(8, e.categoryId());
            decimal(9, e.price());
            integer(10, e.quantity());
            string(11, e.referrer());
            string(12, e.utmSource());
            string(13, e.utmMedium());
            string(14, e.utmCampaign());
            string(15, e.adId());
            string(16, e.device().wire());
            string(17, e.country());
            integer(18, e.schemaVersion());
            integer(19, row.kafkaPartition());
            int64(20, row.kafkaOffset());
            timestamp(21, row.ingestTime());
            string(22, e.experimentId());
            string(23, e.variant());
            string(24, e.couponCode());
            string(25, row.rescuedData());
            out.endMessage();
        }

        private void string(int k, String v) {
            int i = field[k];
            if (i < 0) {
                return; // a column of a newer contract version than this file's: readers see null
            }
            if (v == null) {
                stats.addNull(i);
                return;
            }
            Binary b;
            Map<String, Binary> cache = strings[k];
            if (cache == null) {
                stats.addString(i, v);
                b = Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8));
            } else {
                b = cache.get(v);
                if (b == null) {
                    // a value met before in this file is already in the stats
                    stats.addString(i, v);
                    b = Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8));
                    if (cache.size() < STRING_CACHE_LIMIT) {
                        cache.put(v, b);
                    }
                }
            }
            out.startField(names[k], i);
            out.addBinary(b);
            out.endField(names[k], i);
        }

        private void integer(int i, Integer v) {
            if (v == null) {
                stats.addNull(i);
                return;
            }
            integer(i, v.intValue());
        }

        private void integer(int i, int v) {
            stats.addLong(i, v);
            out.startField(names[i], i);
            out.addInteger(v);
            out.endField(names[i], i);
        }

        private void int64(int i, long v) {
            stats.addLong(i, v);
            out.startField(names[i], i);
            out.addLong(v);
            out.endField(names[i], i);
        }

        private void timestamp(int i, Instant t) {
            if (t == null) {
                stats.addNull(i);
                return;
            }
            long micros = micros(t);
            stats.addTimestamp(i, micros);
            out.startField(names[i], i);
            out.addLong(micros);
            out.endField(names[i], i);
        }

        private void decimal(int i, BigDecimal d) {
            if (d == null) {
                stats.addNull(i);
                return;
            }
            long unscaled = d.setScale(2).unscaledValue().longValueExact();
            stats.addDecimal(i, unscaled);
            out.startField(names[i], i);
            out.addLong(unscaled);
            out.endField(names[i], i);
        }
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

}
