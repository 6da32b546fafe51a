package io.clickstream.sink.storage;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.DataFileReader;
import io.clickstream.sink.table.TableFile;
import io.clickstream.sink.table.TableSchema;
import io.clickstream.sink.table.TableSchema.Column;

/**
 * Reads the table's Parquet files (as {@link ParquetDataFileWriter} writes them) back into rows, one row at
 * a time: parquet-hadoop holds one row group's pages, never the whole file's rows.
 * <p>
 * Each value goes straight from its column into the row (no intermediate record); a dictionary-encoded
 * string column is decoded once per dictionary, so repeated values (store, page, country...) share one
 * instance.
 */
public final class ParquetDataFileReader implements DataFileReader {

    /** The column order {@link RowMaterializer#getCurrentRecord} follows (checked against the table's when loaded). */
    private static final List<String> READ_ORDER = ParquetDataFileWriter.ROW_ORDER;

    private final Configuration conf;
    private final Path tableRoot;
    private final MessageType known;

    public ParquetDataFileReader(Configuration conf, String tableUri) {
        this(conf, tableUri, TableSchema.DATA_COLUMNS);
    }

    /** @param columns the columns this sink knows (those of its contract version) */
    public ParquetDataFileReader(Configuration conf, String tableUri, List<Column> columns) {
        this.conf = conf;
        this.tableRoot = new Path(tableUri);
        this.known = ParquetDataFileWriter.parquetSchema(columns);
    }

    @Override
    public Rows open(TableFile file) throws IOException {
        ParquetReader<ClickRow> reader = new Builder(HadoopInputFile.fromPath(new Path(tableRoot, file.path()), conf), known)
                .withConf(conf)
                .build();
        return new Rows() {
            @Override
            public ClickRow read() throws IOException {
                return reader.read();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    private static final class Builder extends ParquetReader.Builder<ClickRow> {
        private final MessageType known;

        Builder(InputFile file, MessageType known) {
            super(file);
            this.known = known;
        }

        @Override
        protected ReadSupport<ClickRow> getReadSupport() {
            return new RowReadSupport(known);
        }
    }

    /**
     * Requests the known columns the file has: a file written before a column was added lacks it (read as null),
     * but a file with a column this sink does not know (written by a newer sink) is refused, so that a rewrite
     * (compaction) can never drop a column's values. Files written by other engines (Spark's DELETE or OPTIMIZE
     * rewrites a table's files) may declare every column optional and may store timestamps as INT96: both are
     * read. Any other difference fails clearly.
     */
    private static final class RowReadSupport extends ReadSupport<ClickRow> {
        private final MessageType known;

        RowReadSupport(MessageType known) {
            this.known = known;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType file = context.getFileSchema();
            for (Type f : file.getFields()) {
                // other engines may write the partition column into the file too; its value is in the log
                if (!known.containsField(f.getName()) && !f.getName().equals(TableSchema.PARTITION_COLUMN)) {
                    throw new IllegalStateException("data file has column " + f.getName()
                            + ", which this sink's contract version does not know: not read (and not rewritten)");
                }
            }
            List<Type> requested = new ArrayList<>();
            for (Type expected : known.getFields()) {
                if (!file.containsField(expected.getName())) {
                    if (expected.isRepetition(Type.Repetition.REQUIRED)) {
                        throw new IllegalStateException("data file lacks the required column " + expected.getName());
                    }
                    continue;
                }
                Type actual = file.getType(expected.getName());
                if (!actual.isPrimitive() || !compatible(expected.asPrimitiveType(), actual.asPrimitiveType())
                        || (expected.isRepetition(Type.Repetition.REQUIRED) ? actual.isRepetition(Type.Repetition.REPEATED)
                                : !actual.isRepetition(Type.Repetition.OPTIONAL))) {
                    throw new IllegalStateException("data file column " + actual + " does not match the table's " + expected);
                }
                requested.add(actual);
            }
            return new ReadContext(new MessageType(file.getName(), requested));
        }

        private static boolean compatible(PrimitiveType expected, PrimitiveType actual) {
            if (expected.getPrimitiveTypeName() == actual.getPrimitiveTypeName()) {
                return true;
            }
            // Spark's default for timestamps (spark.sql.parquet.outputTimestampType=INT96)
            return expected.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                    && actual.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96;
        }

        @Override
        public RecordMaterializer<ClickRow> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
                MessageType fileSchema, ReadContext readContext) {
            return new RowMaterializer(readContext.getRequestedSchema());
        }
    }

    /** Collects one record's values by their position in {@link #READ_ORDER}, then builds the row. */
    private static final class RowMaterializer extends RecordMaterializer<ClickRow> {
        private final Object[] values = new Object[READ_ORDER.size()];
        private final Converter[] converters = new Converter[READ_ORDER.size()];
        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return converters[fieldIndex];
            }

            @Override
            public void start() {
                Arrays.fill(values, null);
            }

            @Override
            public void end() {
            }
        };

        /** @param requested the file's columns read: converter j fills the value of requested column j */
        RowMaterializer(MessageType requested) {
            List<Column> columns = TableSchema.DATA_COLUMNS;
            for (int j = 0; j < requested.getFieldCount(); j++) {
                int i = READ_ORDER.indexOf(requested.getFieldName(j));
                converters[j] = switch (columns.get(i).type()) {
                    case STRING -> new StringConverter(values, i);
                    case TIMESTAMP -> new TimestampConverter(values, i);
                    case DECIMAL_10_2 -> new DecimalConverter(values, i);
                    case INT -> new IntConverter(values, i);
                    case LONG -> new LongConverter(values, i);
                    case DATE -> throw new IllegalStateException("no data column of type DATE is expected: " + columns.get(i).name());
                };
            }
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        @Override
        public ClickRow getCurrentRecord() {
            ClickEvent event = new ClickEvent(
                    string(0), (Instant) values[1], string(2), string(3), string(4),
                    EventType.fromWire(string(5)).orElseThrow(() -> unknown("event_type", 5)),
                    string(6), (Integer) values[7], (Integer) values[8], (BigDecimal) values[9], (Integer) values[10],
                    string(11), string(12), string(13), string(14), string(15),
                    Device.fromWire(string(16)).orElseThrow(() -> unknown("device", 16)),
                    string(17), (Integer) values[18], string(22), string(23), string(24));
            return new ClickRow(event, (Integer) values[19], (Long) values[20], (Instant) values[21], string(25));
        }

        private String string(int i) {
            return (String) values[i];
        }

        private IllegalStateException unknown(String column, int i) {
            return new IllegalStateException("unknown " + column + " in data file: '" + values[i] + "'");
        }
    }

    private static final class StringConverter extends PrimitiveConverter {
        private final Object[] values;
        private final int index;
        private String[] dictionary;

        StringConverter(Object[] values, int index) {
            this.values = values;
            this.index = index;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
            dictionary = new String[d.getMaxId() + 1];
            for (int id = 0; id <= d.getMaxId(); id++) {
                dictionary[id] = d.decodeToBinary(id).toStringUsingUTF8();
            }
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            values[index] = dictionary[dictionaryId];
        }

        @Override
        public void addBinary(Binary value) {
            values[index] = value.toStringUsingUTF8();
        }
    }

    private static final class TimestampConverter extends PrimitiveConverter {
        private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
        private final Object[] values;
        private final int index;

        TimestampConverter(Object[] values, int index) {
            this.values = values;
            this.index = index;
        }

        /** INT96 (other writers): nanoseconds of the day, then the Julian day, both little-endian. */
        @Override
        public void addBinary(Binary int96) {
            java.nio.ByteBuffer b = int96.toByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = b.getLong();
            long julianDay = b.getInt();
            values[index] = Instant.ofEpochSecond((julianDay - JULIAN_DAY_OF_EPOCH) * 86_400L, nanosOfDay);
        }

        /** INT64 microseconds since the epoch, UTC. */
        @Override
        public void addLong(long micros) {
            values[index] = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }

    private static final class DecimalConverter extends PrimitiveConverter {
        private final Object[] values;
        private final int index;

        DecimalConverter(Object[] values, int index) {
            this.values = values;
            this.index = index;
        }

        /** decimal(10,2) as its unscaled INT64. */
        @Override
        public void addLong(long unscaled) {
            values[index] = BigDecimal.valueOf(unscaled, 2);
        }
    }

    private static final class IntConverter extends PrimitiveConverter {
        private final Object[] values;
        private final int index;

        IntConverter(Object[] values, int index) {
            this.values = values;
            this.index = index;
        }

        @Override
        public void addInt(int value) {
            values[index] = value;
        }
    }

    private static final class LongConverter extends PrimitiveConverter {
        private final Object[] values;
        private final int index;

        LongConverter(Object[] values, int index) {
            this.values = values;
            this.index = index;
        }

        @Override
        public void addLong(long value) {
            values[index] = value;
        }
    }
}
