package io.clickstream.sink.table;

import java.util.List;
import java.util.function.Function;

import io.clickstream.contract.ClickEvent;

/**
 * The table's columns, in order, independent of any storage library: the contract's version 1 fields, the
 * Kafka coordinates and ingest time, the fields later contract versions added, then {@code _rescued_data}.
 * {@code event_date} is the partition column and lives in the path.
 * <p>
 * Columns are only ever added, nullable, at the end (for the version that added them); a sink capped at an older
 * contract version writes the columns of that version ({@link #columns(int)}) and Delta readers read the others as
 * null. Each column carries the comment the table shows ({@code DESCRIBE TABLE}).
 */
public final class TableSchema {

    public static final String PARTITION_COLUMN = "event_date";
    public static final String RESCUED_DATA_COLUMN = "_rescued_data";
    public static final String PARTITION_COMMENT = "The event's date in UTC (from event_time): the partition column.";

    /** Column types the readers (Spark, Databricks) understand natively. */
    public enum Type {
        STRING, TIMESTAMP, DATE, DECIMAL_10_2, INT, LONG
    }

    /**
     * A data column and how to read its value from a row (null when absent).
     *
     * @param since   the contract version that added it
     * @param indexed whether files carry statistics for it (analysts filter on it; see
     *                {@code delta.dataSkippingNumIndexedCols})
     */
    public record Column(String name, Type type, boolean nullable, int since, boolean indexed, String comment,
            Function<ClickRow, Object> value) {
    }

    /** The columns of the newest contract version this sink knows. */
    public static final List<Column> DATA_COLUMNS = List.of(
            required("event_id", Type.STRING, "Unique per event (UUID); the key for duplicate checks.", r -> r.event().eventId()),
            required("event_time", Type.TIMESTAMP, "When the shopper acted (UTC).", r -> r.event().eventTime()),
            required("store_id", Type.STRING, "The online store, e.g. wwi-toys.", r -> r.event().storeId()),
            required("session_id", Type.STRING, "A shopper's visit; ends after 30 minutes of inactivity.", r -> r.event().sessionId()),
            optional("user_id", Type.STRING, "Pseudonymous shopper id; null for anonymous visitors.", r -> r.event().userId()),
            required("event_type", Type.STRING, "page_view, product_view, search, add_to_cart, remove_from_cart, checkout, purchase or ad_click.",
                    r -> r.event().eventType().wire()),
            required("page", Type.STRING, "URL path.", r -> r.event().page()),
            optional("product_id", Type.INT, "1..670; null for non-product events.", r -> r.event().productId()),
            optional("category_id", Type.INT, "1..10, product_id % 10 + 1.", r -> r.event().categoryId()),
            optional("price", Type.DECIMAL_10_2, "Unit price, for cart and purchase events.", r -> r.event().price()),
            optional("quantity", Type.INT, "For cart and purchase events.", r -> r.event().quantity()),
            optional("referrer", Type.STRING, "e.g. google, facebook, email, direct.", r -> r.event().referrer()),
            optional("utm_source", Type.STRING, "Campaign attribution: source.", r -> r.event().utmSource()),
            optional("utm_medium", Type.STRING, "Campaign attribution: medium.", r -> r.event().utmMedium()),
            optional("utm_campaign", Type.STRING, "Campaign attribution: campaign.", r -> r.event().utmCampaign()),
            optional("ad_id", Type.STRING, "The ad clicked, for ad_click and the session's later events.", r -> r.event().adId()),
            required("device", Type.STRING, "desktop, mobile or tablet.", r -> r.event().device().wire()),
            required("country", Type.STRING, "ISO 3166 alpha-2.", r -> r.event().country()),
            required("schema_version", Type.INT, "The contract version the producer wrote.", r -> r.event().schemaVersion()),
            required("kafka_partition", Type.INT, "Kafka partition of the record.", ClickRow::kafkaPartition),
            required("kafka_offset", Type.LONG, "Kafka offset of the record.", ClickRow::kafkaOffset),
            required("ingest_time", Type.TIMESTAMP, "When the sink read the record (UTC).", ClickRow::ingestTime),
            added(2, "experiment_id", "Contract version 2: the A/B test the shopper is in; null when none or before version 2.",
                    r -> r.event().experimentId()),
            added(2, "variant", "Contract version 2: the experiment's variant the shopper sees; null when none.",
                    r -> r.event().variant()),
            added(2, "coupon_code", "Contract version 2: the coupon used, on purchase events; null when none.",
                    r -> r.event().couponCode()),
            new Column(RESCUED_DATA_COLUMN, Type.STRING, true, 1, false,
                    "Fields of the event its contract version does not define, as a JSON object of exactly those fields; null when none.",
                    ClickRow::rescuedData));

    private TableSchema() {
    }

    /** The columns a sink that knows the contract up to {@code contractVersion} writes. */
    public static List<Column> columns(int contractVersion) {
        if (contractVersion < ClickEvent.FIRST_SCHEMA_VERSION || contractVersion > ClickEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("contract version " + contractVersion + " is not one of "
                    + ClickEvent.FIRST_SCHEMA_VERSION + ".." + ClickEvent.SCHEMA_VERSION);
        }
        return DATA_COLUMNS.stream().filter(c -> c.since() <= contractVersion).toList();
    }

    /** The table's description, as a sink that knows the contract up to {@code contractVersion} writes it. */
    public static String description(int contractVersion) {
        return "Click events from the Kafka topic clicks, one row per valid event (contract schema_version 1 to "
                + contractVersion + "); fields an event's version does not define are kept in " + RESCUED_DATA_COLUMN
                + " as a JSON object. Partitioned by " + PARTITION_COLUMN + " (UTC).";
    }

    private static Column required(String name, Type type, String comment, Function<ClickRow, Object> value) {
        return new Column(name, type, false, 1, true, comment, value);
    }

    private static Column optional(String name, Type type, String comment, Function<ClickRow, Object> value) {
        return new Column(name, type, true, 1, true, comment, value);
    }

    private static Column added(int since, String name, String comment, Function<ClickRow, Object> value) {
        return new Column(name, Type.STRING, true, since, true, comment, value);
    }
}
