package io.clickstream.sink.storage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.TableSchema.Column;

/**
 * Per-file column statistics in the Delta log's format: {@code numRecords}, {@code minValues},
 * {@code maxValues}, {@code nullCount}. Readers use them to skip files.
 */
final class FileStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Column> columns;
    private final Comparable<Object>[] min;
    private final Comparable<Object>[] max;
    private final long[] nulls;
    private long records;

    @SuppressWarnings("unchecked")
    FileStats(List<Column> columns) {
        this.columns = columns;
        this.min = new Comparable[columns.size()];
        this.max = new Comparable[columns.size()];
        this.nulls = new long[columns.size()];
    }

    @SuppressWarnings("unchecked")
    void add(ClickRow row) {
        records++;
        for (int i = 0; i < columns.size(); i++) {
            Object v = columns.get(i).value().apply(row);
            if (v == null) {
                nulls[i]++;
                continue;
            }
            Comparable<Object> c = (Comparable<Object>) v;
            if (min[i] == null || c.compareTo(min[i]) < 0) {
                min[i] = c;
            }
            if (max[i] == null || c.compareTo(max[i]) > 0) {
                max[i] = c;
            }
        }
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("numRecords", records);
        ObjectNode minValues = root.putObject("minValues");
        ObjectNode maxValues = root.putObject("maxValues");
        ObjectNode nullCount = root.putObject("nullCount");
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            nullCount.put(name, nulls[i]);
            if (min[i] != null) {
                put(minValues, name, min[i]);
                put(maxValues, name, max[i]);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode node, String name, Object value) {
        if (value instanceof String s) {
            node.put(name, s);
        } else if (value instanceof Instant t) {
            // millisecond precision, as Spark writes timestamp stats
            node.put(name, ClickEventCodec.formatEventTime(t));
        } else if (value instanceof BigDecimal d) {
            node.put(name, d);
        } else if (value instanceof Integer n) {
            node.put(name, n);
        } else if (value instanceof Long n) {
            node.put(name, n);
        } else {
            node.put(name, value.toString());
        }
    }
}
