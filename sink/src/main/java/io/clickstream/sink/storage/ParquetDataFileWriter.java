package io.clickstream.sink.storage;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

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
 */
public final class ParquetDataFileWriter implements DataFileWriter {

    private static final Logger LOG = Logger.getLogger(ParquetDataFileWriter.class);

    static final MessageType PARQUET_SCHEMA = parquetSchema();

    private final Configuration conf;
    private final Path tableRoot;

    public ParquetDataFileWriter(Configuration conf, String tableUri) {
        this.conf = conf;
        this.tableRoot = new Path(tableUri);
    }

    @Override
    public List<DataFile> write(List<ClickRow> rows) throws IOException {
        Map<LocalDate, List<ClickRow>> byDate = new TreeMap<>();
        for (ClickRow row : rows) {
            byDate.computeIfAbsent(row.eventDate(), d -> new ArrayList<>()).add(row);
        }
        List<DataFile> files = new ArrayList<>(byDate.size());
        try {
            for (Map.Entry<LocalDate, List<ClickRow>> e : byDate.entrySet()) {
                files.add(writeFile(e.getKey(), e.getValue()));
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(files);
            throw e;
        }
        return files;
    }

    private DataFile writeFile(LocalDate date, List<ClickRow> rows) throws IOException {
        String relative = TableSchema.PARTITION_COLUMN + "=" + date + "/part-00000-" + UUID.randomUUID()
                + ".c000.snappy.parquet";
        Path path = new Path(tableRoot, relative);
        FileStats stats = new FileStats(TableSchema.DATA_COLUMNS);
        try (ParquetWriter<ClickRow> writer = new Builder(HadoopOutputFile.fromPath(path, conf))
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build()) {
            for (ClickRow row : rows) {
                writer.write(row);
                stats.add(row);
            }
        }
        FileStatus status = path.getFileSystem(conf).getFileStatus(path);
        return new DataFile(relative, Map.of(TableSchema.PARTITION_COLUMN, date.toString()), status.getLen(),
                status.getModificationTime(), rows.size(), stats.toJson());
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

    private static MessageType parquetSchema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : TableSchema.DATA_COLUMNS) {
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
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ClickRow> getWriteSupport(Configuration conf) {
            return new RowWriteSupport();
        }
    }

    private static final class RowWriteSupport extends WriteSupport<ClickRow> {
        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(PARQUET_SCHEMA, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(ClickRow row) {
            out.startMessage();
            List<Column> columns = TableSchema.DATA_COLUMNS;
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                Object value = c.value().apply(row);
                if (value == null) {
                    continue;
                }
                out.startField(c.name(), i);
                switch (c.type()) {
                    case STRING -> out.addBinary(Binary.fromString((String) value));
                    case TIMESTAMP -> out.addLong(micros((Instant) value));
                    case DATE -> out.addInteger((int) ((LocalDate) value).toEpochDay());
                    case DECIMAL_10_2 -> out.addLong(((BigDecimal) value).setScale(2).unscaledValue().longValueExact());
                    case INT -> out.addInteger((Integer) value);
                    case LONG -> out.addLong((Long) value);
                    default -> throw new IllegalStateException("unmapped column type " + c.type());
                }
                out.endField(c.name(), i);
            }
            out.endMessage();
        }
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
