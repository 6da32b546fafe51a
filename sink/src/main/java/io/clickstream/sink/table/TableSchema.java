package io.clickstream.sink.table;

import java.util.List;
import java.util.function.Function;

/**
 * The table's columns, in order, independent of any storage library: the contract's fields, then the
 * Kafka coordinates and ingest time. {@code event_date} is the partition column and lives in the path.
 */
public final class TableSchema {

    public static final String PARTITION_COLUMN = "event_date";

    /** Column types the readers (Spark, Databricks) understand natively. */
    public enum Type {
        STRING, TIMESTAMP, DATE, DECIMAL_10_2, INT, LONG
    }

    /** A data column and how to read its value from a row (null when absent). */
    public record Column(String name, Type type, boolean nullable, Function<ClickRow, Object> value) {
    }

    public static final List<Column> DATA_COLUMNS = List.of(
            required("event_id", Type.STRING, r -> r.event().eventId()),
            required("event_time", Type.TIMESTAMP, r -> r.event().eventTime()),
            required("store_id", Type.STRING, r -> r.event().storeId()),
            required("session_id", Type.STRING, r -> r.event().sessionId()),
            optional("user_id", Type.STRING, r -> r.event().userId()),
            required("event_type", Type.STRING, r -> r.event().eventType().wire()),
            required("page", Type.STRING, r -> r.event().page()),
            optional("product_id", Type.INT, r -> r.event().productId()),
            optional("category_id", Type.INT, r -> r.event().categoryId()),
            optional("price", Type.DECIMAL_10_2, r -> r.event().price()),
            optional("quantity", Type.INT, r -> r.event().quantity()),
            optional("referrer", Type.STRING, r -> r.event().referrer()),
            optional("utm_source", Type.STRING, r -> r.event().utmSource()),
            optional("utm_medium", Type.STRING, r -> r.event().utmMedium()),
            optional("utm_campaign", Type.STRING, r -> r.event().utmCampaign()),
            optional("ad_id", Type.STRING, r -> r.event().adId()),
            required("device", Type.STRING, r -> r.event().device().wire()),
            required("country", Type.STRING, r -> r.event().country()),
            required("schema_version", Type.INT, r -> r.event().schemaVersion()),
            required("kafka_partition", Type.INT, ClickRow::kafkaPartition),
            required("kafka_offset", Type.LONG, ClickRow::kafkaOffset),
            required("ingest_time", Type.TIMESTAMP, ClickRow::ingestTime));

    private TableSchema() {
    }

    private static Column required(String name, Type type, Function<ClickRow, Object> value) {
        return new Column(name, type, false, value);
    }

    private static Column optional(String name, Type type, Function<ClickRow, Object> value) {
        return new Column(name, type, true, value);
    }
}
