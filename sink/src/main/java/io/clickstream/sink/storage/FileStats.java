package io.clickstream.sink.storage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.sink.table.TableSchema;
import io.clickstream.sink.table.TableSchema.Column;

/**
 * Per-file column statistics in the Delta log's format: {@code numRecords}, {@code minValues},
 * {@code maxValues}, {@code nullCount}. Readers use them to skip files.
 * <p>
 * Taken from the statistics Parquet keeps per column chunk ({@link #of}), or fed value by value: strings,
 * integers and longs, timestamps as microseconds, decimal(10,2) as unscaled longs.
 */
final class FileStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Column> columns;
    private final String[] minString;
    private final String[] maxString;
    private final long[] minLong;
    private final long[] maxLong;
    private final boolean[] seen;
    private final long[] nulls;
    private long records;

    FileStats(List<Column> columns) {
        this.columns = columns;
        int n = columns.size();
        this.minString = new String[n];
        this.maxString = new String[n];
        this.minLong = new long[n];
        this.maxLong = new long[n];
        this.seen = new boolean[n];
        this.nulls = new long[n];
    }

    void row() {
        records++;
    }

    /** The statistics of a written file, from its column chunks' statistics (all row groups). */
    static String of(List<Column> columns, ParquetMetadata footer, long rows) {
        FileStats stats = new FileStats(columns);
        stats.records = rows;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                Integer i = index.get(chunk.getPath().toDotString());
                Statistics<?> s = chunk.getStatistics();
                if (i == null || s == null || s.isEmpty()) {
                    continue;
                }
                stats.nulls[i] += s.getNumNulls();
                if (!s.hasNonNullValue()) {
                    continue;
                }
                if (s.genericGetMin() instanceof Binary min) {
                    stats.addString(i, min.toStringUsingUTF8());
                    stats.addString(i, ((Binary) s.genericGetMax()).toStringUsingUTF8());
                } else {
                    stats.track(i, ((Number) s.genericGetMin()).longValue());
                    stats.track(i, ((Number) s.genericGetMax()).longValue());
                }
            }
        }
        return stats.toJson();
    }

    void addNull(int i) {
        nulls[i]++;
    }

    void addString(int i, String v) {
        if (!seen[i]) {
            seen[i] = true;
            minString[i] = v;
            maxString[i] = v;
            return;
        }
        if (v.compareTo(minString[i]) < 0) {
            minString[i] = v;
        } else if (v.compareTo(maxString[i]) > 0) {
            maxString[i] = v;
        }
    }

    /** INT and LONG columns. */
    void addLong(int i, long v) {
        track(i, v);
    }

    void addTimestamp(int i, long micros) {
        track(i, micros);
    }

    void addDecimal(int i, long unscaled) {
        track(i, unscaled);
    }

    private void track(int i, long v) {
        if (!seen[i]) {
            seen[i] = true;
            minLong[i] = v;
            maxLong[i] = v;
            return;
        }
        if (v < minLong[i]) {
            minLong[i] = v;
        } else if (v > maxLong[i]) {
            maxLong[i] = v;
        }
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("numRecords", records);
        ObjectNode minValues = root.putObject("minValues");
        ObjectNode maxValues = root.putObject("maxValues");
        ObjectNode nullCount = root.putObject("nullCount");
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).indexed()) {
                continue; // e.g. _rescued_data: no one filters on it, and its values can be long
            }
            String name = columns.get(i).name();
            nullCount.put(name, nulls[i]);
            if (seen[i]) {
                put(minValues, name, columns.get(i).type(), i, true);
                put(maxValues, name, columns.get(i).type(), i, false);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void put(ObjectNode node, String name, TableSchema.Type type, int i, boolean min) {
        long v = min ? minLong[i] : maxLong[i];
        switch (type) {
            case STRING -> node.put(name, min ? minString[i] : maxString[i]);
            // millisecond precision, as Spark writes timestamp stats
            case TIMESTAMP -> node.put(name, ClickEventCodec.formatEventTime(
                    Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L)));
            case DECIMAL_10_2 -> node.put(name, BigDecimal.valueOf(v, 2));
            case INT -> node.put(name, (int) v);
            case LONG -> node.put(name, v);
            case DATE -> node.put(name, java.time.LocalDate.ofEpochDay(v).toString());
        }
    }
}
