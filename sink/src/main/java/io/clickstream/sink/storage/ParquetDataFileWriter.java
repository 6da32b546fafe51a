package io.clickstream.sink.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.jboss.logging.Logger;

import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.TableSchema;
import io.clickstream.sink.table.TableSchema.Column;

/**
 * Writes rows held as columns ({@link ColumnBatch}) as snappy Parquet files, one per {@code event_date} touched,
 * under the table root, with each file's column statistics for the Delta log.
 * <p>
 * Physical types are the ones Spark writes for the same logical types: timestamps as INT64 micros
 * adjusted to UTC, decimal(10,2) as INT64 with a DECIMAL annotation, strings as UTF-8 binaries.
 * <p>
 * Speed: values go from the batch's arrays straight to Parquet's column writers (no row objects, no record
 * assembly); a dictionary value's UTF-8 bytes are made once per batch; {@code event_id}, unique per row, skips
 * dictionary encoding; the statistics are the column chunks' own. A large flush is cut into row ranges written as
 * separate files in parallel, so the flusher uses the core the consumer leaves idle.
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
    /** Per file column c: its position in {@link TableSchema#DATA_COLUMNS}, how the batch holds it, whether nullable. */
    private final int[] ks;
    private final ColumnBatch.Kind[] kinds;
    private final boolean[] optional;

    /** Parquet's defaults (1 MiB pages, dictionaries, v1 pages as Spark writes them), without a dictionary for event_id. */
    static final ParquetProperties PROPERTIES = ParquetProperties.builder()
            .withDictionaryEncoding(true)
            .withDictionaryEncoding("event_id", false)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
            .build();

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
        // columns are addressed by their position in the table; a file may only lack the newest ones
        if (!ROW_ORDER.containsAll(names) || !names.subList(0, 22).equals(ROW_ORDER.subList(0, 22))) {
            throw new IllegalArgumentException("not a column list of the table: " + names);
        }
        this.columns = List.copyOf(columns);
        this.fileSchema = parquetSchema(this.columns);
        this.ks = new int[columns.size()];
        this.kinds = new ColumnBatch.Kind[columns.size()];
        this.optional = new boolean[columns.size()];
        for (int c = 0; c < ks.length; c++) {
            ks[c] = ROW_ORDER.indexOf(names.get(c));
            kinds[c] = ColumnBatch.kind(ks[c]);
            optional[c] = columns.get(c).nullable();
        }
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

    /** Rows of one batch for one file: all of {@code chunk}'s rows listed in {@code rows[from, to)}. */
    private record Segment(ColumnBatch chunk, int[] rows, int from, int to) {
        int size() {
            return to - from;
        }
    }

    /** One file to write: segments of one {@code event_date}. */
    private record Part(LocalDate date, List<Segment> segments) {
    }

    @Override
    public List<DataFile> write(List<ColumnBatch> chunks) throws IOException {
        // per date, per chunk: the rows of that date, in order
        Map<Long, List<Segment>> byDay = new TreeMap<>();
        for (ColumnBatch chunk : chunks) {
            int n = chunk.size();
            if (n == 0) {
                continue;
            }
            long firstDay = chunk.epochDay(0);
            boolean oneDay = true;
            for (int r = 1; r < n && oneDay; r++) {
                oneDay = chunk.epochDay(r) == firstDay;
            }
            if (oneDay) {
                byDay.computeIfAbsent(firstDay, d -> new ArrayList<>()).add(new Segment(chunk, null, 0, n));
                continue;
            }
            Map<Long, int[]> rowsOf = new HashMap<>();
            Map<Long, Integer> counts = new HashMap<>();
            long[] days = new long[n];
            for (int r = 0; r < n; r++) {
                days[r] = chunk.epochDay(r);
                counts.merge(days[r], 1, Integer::sum);
            }
            counts.forEach((day, count) -> rowsOf.put(day, new int[count]));
            Map<Long, int[]> filled = new HashMap<>();
            for (int r = 0; r < n; r++) {
                int[] at = filled.computeIfAbsent(days[r], d -> new int[1]);
                rowsOf.get(days[r])[at[0]++] = r;
            }
            rowsOf.forEach((day, rows) -> byDay.computeIfAbsent(day, d -> new ArrayList<>())
                    .add(new Segment(chunk, rows, 0, rows.length)));
        }
        List<Part> parts = new ArrayList<>();
        for (Map.Entry<Long, List<Segment>> e : byDay.entrySet()) {
            LocalDate date = LocalDate.ofEpochDay(e.getKey());
            long total = e.getValue().stream().mapToLong(Segment::size).sum();
            int pieces = (int) Math.min(parallelism, Math.max(1, total / MIN_ROWS_PER_PARALLEL_FILE));
            long size = (total + pieces - 1) / pieces;
            List<Segment> current = new ArrayList<>();
            long inCurrent = 0;
            for (Segment seg : e.getValue()) {
                int from = seg.from();
                while (from < seg.to()) {
                    int take = (int) Math.min(seg.to() - from, size - inCurrent);
                    current.add(new Segment(seg.chunk(), seg.rows(), from, from + take));
                    inCurrent += take;
                    from += take;
                    if (inCurrent == size) {
                        parts.add(new Part(date, current));
                        current = new ArrayList<>();
                        inCurrent = 0;
                    }
                }
            }
            if (!current.isEmpty()) {
                parts.add(new Part(date, current));
            }
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        return parts.size() == 1 ? writeSerially(parts) : writeInParallel(parts);
    }

    private List<DataFile> writeSerially(List<Part> parts) throws IOException {
        List<DataFile> files = new ArrayList<>(parts.size());
        try {
            for (Part p : parts) {
                files.add(writeFile(p));
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
            futures.add(pool.submit(() -> writeFile(p)));
        }
        List<DataFile> files = new ArrayList<>(parts.size());
        Throwable failure = null;
        DataFile own = null;
        try {
            own = writeFile(parts.get(parts.size() - 1));
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

    private DataFile writeFile(Part part) throws IOException {
        ColumnFile file = new ColumnFile(part.date());
        try {
            for (Segment seg : part.segments()) {
                file.write(seg.chunk(), seg.rows(), seg.from(), seg.to());
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
    /** Rows a file opened by {@link #open} buffers before it encodes them. */
    private static final int OPEN_FILE_BUFFER_ROWS = 4_096;

    @Override
    public OpenFile open(LocalDate eventDate) throws IOException {
        ColumnFile file = new ColumnFile(eventDate);
        return new OpenFile() {
            /** Never reused: Parquet's dictionaries and statistics keep references to the bytes of values written. */
            private ColumnBatch buffer = new ColumnBatch(OPEN_FILE_BUFFER_ROWS);
            private final long epochDay = eventDate.toEpochDay();

            @Override
            public void write(ClickRow row) throws IOException {
                if (Math.floorDiv(row.event().eventTime().getEpochSecond(), 86_400L) != epochDay) {
                    throw new IllegalArgumentException("row " + row.event().eventId() + " of " + row.eventDate()
                            + " does not belong in a file of " + TableSchema.PARTITION_COLUMN + "=" + eventDate);
                }
                buffer.append(row);
                if (buffer.size() == OPEN_FILE_BUFFER_ROWS) {
                    drain();
                }
            }

            private void drain() throws IOException {
                try {
                    file.write(buffer, null, 0, buffer.size());
                } catch (IOException | RuntimeException e) {
                    file.abort();
                    throw e;
                }
                buffer = new ColumnBatch(OPEN_FILE_BUFFER_ROWS);
            }

            @Override
            public DataFile close() throws IOException {
                if (!buffer.isEmpty()) {
                    drain();
                }
                return file.close();
            }

            @Override
            public void abort() {
                file.abort();
            }
        };
    }

    /**
     * One data file, encoded column by column with Parquet's column writers (no record assembly): snappy,
     * dictionaries for every column but the unique {@code event_id}, row groups of {@link #STREAMED_ROW_GROUP_BYTES}.
     * The Delta statistics come from the column chunks' own statistics. A file that cannot be finished is deleted.
     */
    private final class ColumnFile {
        private final LocalDate date;
        private final String relative;
        private final Path path;
        private final ParquetFileWriter file;
        private final CodecFactory codecs;
        private final CompressionCodecFactory.BytesInputCompressor compressor;
        private ColumnChunkPageWriteStore pages;
        private ColumnWriteStore store;
        private final ColumnWriter[] writers = new ColumnWriter[columns.size()];
        private long rows;
        private long rowsInGroup;
        private boolean finished;

        ColumnFile(LocalDate date) throws IOException {
            this.date = date;
            this.relative = TableSchema.PARTITION_COLUMN + "=" + date + "/part-00000-" + UUID.randomUUID()
                    + ".c000.snappy.parquet";
            this.path = new Path(tableRoot, relative);
            this.file = new ParquetFileWriter(HadoopOutputFile.fromPath(path, conf), fileSchema,
                    ParquetFileWriter.Mode.CREATE, STREAMED_ROW_GROUP_BYTES, 0, null, PROPERTIES);
            this.codecs = new CodecFactory(conf, PROPERTIES.getPageSizeThreshold());
            this.compressor = codecs.getCompressor(CompressionCodecName.SNAPPY);
            try {
                file.start();
            } catch (IOException | RuntimeException e) {
                codecs.release();
                delete();
                throw e;
            }
            startGroup();
        }

        private void startGroup() {
            pages = new ColumnChunkPageWriteStore(compressor, fileSchema, PROPERTIES.getAllocator(),
                    PROPERTIES.getColumnIndexTruncateLength(), PROPERTIES.getPageWriteChecksumEnabled());
            store = PROPERTIES.newColumnWriteStore(fileSchema, pages, pages);
            List<ColumnDescriptor> descriptors = fileSchema.getColumns();
            for (int c = 0; c < descriptors.size(); c++) {
                writers[c] = store.getColumnWriter(descriptors.get(c));
            }
            rowsInGroup = 0;
        }

        private void endGroup() throws IOException {
            file.startBlock(rowsInGroup);
            store.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
            store.close();
            pages.close();
        }

        /** Writes {@code chunk}'s rows {@code rows[from, to)} (rows {@code from..to-1} when {@code rows} is null). */
        void write(ColumnBatch chunk, int[] rows, int from, int to) throws IOException {
            int n = writers.length;
            // the UTF-8 bytes of each dictionary value of this chunk, made once
            Binary[][] words = new Binary[n][];
            for (int c = 0; c < n; c++) {
                if (kinds[c] == ColumnBatch.Kind.DICTIONARY) {
                    ColumnBatch.Dictionary d = chunk.dictionary(ks[c]);
                    Binary[] w = new Binary[d.size()];
                    for (int id = 0; id < w.length; id++) {
                        w[id] = Binary.fromConstantByteArray(d.value(id).getBytes(StandardCharsets.UTF_8));
                    }
                    words[c] = w;
                }
            }
            for (int i = from; i < to; i++) {
                int r = rows == null ? i : rows[i];
                for (int c = 0; c < n; c++) {
                    int k = ks[c];
                    ColumnWriter w = writers[c];
                    int present = optional[c] ? 1 : 0;
                    switch (kinds[c]) {
                        case INT -> {
                            int v = chunk.intAt(k, r);
                            if (v == ColumnBatch.NULL_INT) {
                                w.writeNull(0, 0);
                            } else {
                                w.write(v, 0, present);
                            }
                        }
                        case LONG -> {
                            long v = chunk.longAt(k, r);
                            if (v == ColumnBatch.NULL_LONG) {
                                w.writeNull(0, 0);
                            } else {
                                w.write(v, 0, present);
                            }
                        }
                        case DICTIONARY -> {
                            int id = chunk.idAt(k, r);
                            if (id < 0) {
                                w.writeNull(0, 0);
                            } else {
                                w.write(words[c][id], 0, present);
                            }
                        }
                        case BYTES -> {
                            int length = chunk.lengthAt(k, r);
                            if (length < 0) {
                                w.writeNull(0, 0);
                            } else {
                                w.write(Binary.fromConstantByteArray(chunk.bytes(k), chunk.startAt(k, r), length), 0, present);
                            }
                        }
                    }
                }
                store.endRecord();
                rowsInGroup++;
                if ((rowsInGroup & 1023) == 0 && store.getBufferedSize() >= STREAMED_ROW_GROUP_BYTES) {
                    endGroup();
                    startGroup();
                }
            }
            this.rows += to - from;
        }

        DataFile close() throws IOException {
            finished = true;
            try {
                if (rowsInGroup > 0 || rows == 0) {
                    endGroup();
                }
                file.end(Map.of());
                ParquetMetadata footer = file.getFooter();
                FileStatus status = path.getFileSystem(conf).getFileStatus(path);
                return new DataFile(relative, Map.of(TableSchema.PARTITION_COLUMN, date.toString()), status.getLen(),
                        status.getModificationTime(), rows, FileStats.of(columns, footer, rows));
            } catch (IOException | RuntimeException e) {
                delete();
                throw e;
            } finally {
                codecs.release();
            }
        }

        void abort() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                store.close();
                pages.close();
                file.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing aborted file %s: %s", path, e.getMessage());
            }
            codecs.release();
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

    /** The column order of {@link ColumnBatch} and the reader. */
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

}
