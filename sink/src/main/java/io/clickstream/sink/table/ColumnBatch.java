package io.clickstream.sink.table;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;
import io.clickstream.contract.FlatEvent;

/**
 * Rows of the table held as columns (a struct of arrays), in {@link TableSchema#DATA_COLUMNS} order: what a poll
 * decodes into and what a flush writes, with no object per row in between.
 * <ul>
 * <li>timestamps as epoch microseconds, {@code price} as its unscaled decimal(10,2) value, integers as ints: primitive
 * arrays, a sentinel for null ({@link #NULL_INT}, {@link #NULL_LONG}; no valid value takes it);</li>
 * <li>the strings that repeat across events (store, event type, page, device, country, referrer, campaign fields,
 * experiment fields) as ids into a dictionary of this batch, -1 for null;</li>
 * <li>the strings unique per row (event, session and user ids, rescued data) as UTF-8 bytes in one array per
 * column, a length of -1 for null.</li>
 * </ul>
 * Appending is not thread-safe: each decoding thread fills its own batch. A filled batch is only read, and never
 * emptied for reuse: Parquet's writers keep references to the bytes of the values written (dictionaries, statistics).
 */
public final class ColumnBatch {

    public static final int NULL_INT = FlatEvent.NULL_INT;
    public static final long NULL_LONG = FlatEvent.NULL_LONG;

    /** How a column's values are held. */
    public enum Kind {
        /** UTF-8 bytes per row ({@link #bytes}, {@link #start}, {@link #length}) */
        BYTES,
        /** a dictionary id per row ({@link #ids}, {@link #dictionary}) */
        DICTIONARY,
        /** an int per row ({@link #ints}) */
        INT,
        /** a long per row ({@link #longs}): longs, timestamps in microseconds, decimal(10,2) unscaled */
        LONG
    }

    /** Column positions in {@link TableSchema#DATA_COLUMNS}. */
    public static final int EVENT_ID = 0, EVENT_TIME = 1, STORE_ID = 2, SESSION_ID = 3, USER_ID = 4, EVENT_TYPE = 5,
            PAGE = 6, PRODUCT_ID = 7, CATEGORY_ID = 8, PRICE = 9, QUANTITY = 10, REFERRER = 11, UTM_SOURCE = 12,
            UTM_MEDIUM = 13, UTM_CAMPAIGN = 14, AD_ID = 15, DEVICE = 16, COUNTRY = 17, SCHEMA_VERSION = 18,
            KAFKA_PARTITION = 19, KAFKA_OFFSET = 20, INGEST_TIME = 21, EXPERIMENT_ID = 22, VARIANT = 23,
            COUPON_CODE = 24, RESCUED_DATA = 25;

    static final Kind[] KINDS = new Kind[TableSchema.DATA_COLUMNS.size()];

    static {
        for (int k : new int[] { EVENT_ID, SESSION_ID, USER_ID, RESCUED_DATA }) {
            KINDS[k] = Kind.BYTES;
        }
        for (int k : new int[] { STORE_ID, EVENT_TYPE, PAGE, REFERRER, UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, AD_ID,
                DEVICE, COUNTRY, EXPERIMENT_ID, VARIANT, COUPON_CODE }) {
            KINDS[k] = Kind.DICTIONARY;
        }
        for (int k : new int[] { PRODUCT_ID, CATEGORY_ID, QUANTITY, SCHEMA_VERSION, KAFKA_PARTITION }) {
            KINDS[k] = Kind.INT;
        }
        for (int k : new int[] { EVENT_TIME, PRICE, KAFKA_OFFSET, INGEST_TIME }) {
            KINDS[k] = Kind.LONG;
        }
        for (int k = 0; k < KINDS.length; k++) {
            TableSchema.Column c = TableSchema.DATA_COLUMNS.get(k);
            Kind expected = switch (c.type()) {
                case STRING -> c.name().equals("event_id") || c.name().equals("session_id") || c.name().equals("user_id")
                        || c.name().equals(TableSchema.RESCUED_DATA_COLUMN) ? Kind.BYTES : Kind.DICTIONARY;
                case INT -> Kind.INT;
                case LONG, TIMESTAMP, DECIMAL_10_2 -> Kind.LONG;
                case DATE -> null;
            };
            if (KINDS[k] != expected) {
                throw new IllegalStateException("column " + k + " (" + c.name() + ") is not held as " + KINDS[k]);
            }
        }
    }

    private final int[][] ints = new int[KINDS.length][];
    private final long[][] longs = new long[KINDS.length][];
    private final int[][] ids = new int[KINDS.length][];
    private final Dictionary[] dictionaries = new Dictionary[KINDS.length];
    private final byte[][] bytes = new byte[KINDS.length][];
    private final int[] bytesUsed = new int[KINDS.length];
    private final int[][] starts = new int[KINDS.length][];
    private final int[][] lengths = new int[KINDS.length][];
    private int size;
    private int capacity;

    public ColumnBatch(int initialCapacity) {
        capacity = Math.max(16, initialCapacity);
        for (int k = 0; k < KINDS.length; k++) {
            switch (KINDS[k]) {
                case INT -> ints[k] = new int[capacity];
                case LONG -> longs[k] = new long[capacity];
                case DICTIONARY -> {
                    ids[k] = new int[capacity];
                    dictionaries[k] = new Dictionary();
                }
                case BYTES -> {
                    starts[k] = new int[capacity];
                    lengths[k] = new int[capacity];
                    bytes[k] = new byte[capacity * (k == EVENT_ID || k == SESSION_ID ? 36 : 16)];
                }
            }
        }
    }

    public static Kind kind(int column) {
        return KINDS[column];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Appends a valid event and where it came from. */
    public void append(ClickEvent e, int kafkaPartition, long kafkaOffset, long ingestMicros, String rescuedData) {
        int r = startRow();
        string(EVENT_ID, r, e.eventId());
        longs[EVENT_TIME][r] = micros(e.eventTime());
        word(STORE_ID, r, e.storeId());
        string(SESSION_ID, r, e.sessionId());
        string(USER_ID, r, e.userId());
        word(EVENT_TYPE, r, e.eventType() == null ? null : e.eventType().wire());
        word(PAGE, r, e.page());
        ints[PRODUCT_ID][r] = orNull(e.productId());
        ints[CATEGORY_ID][r] = orNull(e.categoryId());
        longs[PRICE][r] = e.price() == null ? NULL_LONG : e.price().setScale(2).unscaledValue().longValueExact();
        ints[QUANTITY][r] = orNull(e.quantity());
        word(REFERRER, r, e.referrer());
        word(UTM_SOURCE, r, e.utmSource());
        word(UTM_MEDIUM, r, e.utmMedium());
        word(UTM_CAMPAIGN, r, e.utmCampaign());
        word(AD_ID, r, e.adId());
        word(DEVICE, r, e.device() == null ? null : e.device().wire());
        word(COUNTRY, r, e.country());
        ints[SCHEMA_VERSION][r] = e.schemaVersion();
        ints[KAFKA_PARTITION][r] = kafkaPartition;
        longs[KAFKA_OFFSET][r] = kafkaOffset;
        longs[INGEST_TIME][r] = ingestMicros;
        word(EXPERIMENT_ID, r, e.experimentId());
        word(VARIANT, r, e.variant());
        word(COUPON_CODE, r, e.couponCode());
        string(RESCUED_DATA, r, rescuedData);
        size = r + 1;
    }

    /** Appends a valid event read flat from its record's bytes (no unknown fields: nothing rescued). */
    public void append(FlatEvent e, int kafkaPartition, long kafkaOffset, long ingestMicros) {
        int r = startRow();
        byte[] source = e.source();
        copyBytes(EVENT_ID, r, source, e.eventIdStart(), e.eventIdLength());
        longs[EVENT_TIME][r] = e.eventTimeMicros();
        word(STORE_ID, r, e.storeId());
        copyBytes(SESSION_ID, r, source, e.sessionIdStart(), e.sessionIdLength());
        if (e.userIdLength() < 0) {
            lengths[USER_ID][r] = -1;
        } else {
            copyBytes(USER_ID, r, source, e.userIdStart(), e.userIdLength());
        }
        word(EVENT_TYPE, r, e.eventType().wire());
        word(PAGE, r, e.page());
        ints[PRODUCT_ID][r] = e.productId();
        ints[CATEGORY_ID][r] = e.categoryId();
        longs[PRICE][r] = e.priceUnscaled();
        ints[QUANTITY][r] = e.quantity();
        word(REFERRER, r, e.referrer());
        word(UTM_SOURCE, r, e.utmSource());
        word(UTM_MEDIUM, r, e.utmMedium());
        word(UTM_CAMPAIGN, r, e.utmCampaign());
        word(AD_ID, r, e.adId());
        word(DEVICE, r, e.device().wire());
        word(COUNTRY, r, e.country());
        ints[SCHEMA_VERSION][r] = e.schemaVersion();
        ints[KAFKA_PARTITION][r] = kafkaPartition;
        longs[KAFKA_OFFSET][r] = kafkaOffset;
        longs[INGEST_TIME][r] = ingestMicros;
        word(EXPERIMENT_ID, r, e.experimentId());
        word(VARIANT, r, e.variant());
        word(COUPON_CODE, r, e.couponCode());
        lengths[RESCUED_DATA][r] = -1;
        size = r + 1;
    }

    /** A batch of these rows. */
    public static ColumnBatch of(java.util.List<ClickRow> rows) {
        ColumnBatch b = new ColumnBatch(rows.size());
        rows.forEach(b::append);
        return b;
    }

    /** The rows of these batches as objects, in order (tests and tools). */
    public static java.util.List<ClickRow> rowsOf(java.util.List<ColumnBatch> batches) {
        java.util.List<ClickRow> rows = new java.util.ArrayList<>();
        for (ColumnBatch b : batches) {
            for (int r = 0; r < b.size(); r++) {
                rows.add(b.row(r));
            }
        }
        return rows;
    }

    /** Appends a row. */
    public void append(ClickRow row) {
        append(row.event(), row.kafkaPartition(), row.kafkaOffset(), micros(row.ingestTime()), row.rescuedData());
    }

    /** Appends row {@code r} of {@code from}, all columns copied. */
    public void appendRow(ColumnBatch from, int r) {
        int to = startRow();
        for (int k = 0; k < KINDS.length; k++) {
            switch (KINDS[k]) {
                case INT -> ints[k][to] = from.ints[k][r];
                case LONG -> longs[k][to] = from.longs[k][r];
                case DICTIONARY -> {
                    int id = from.ids[k][r];
                    ids[k][to] = id < 0 ? -1 : dictionaries[k].id(from.dictionaries[k].value(id));
                }
                case BYTES -> {
                    int length = from.lengths[k][r];
                    if (length < 0) {
                        lengths[k][to] = -1;
                    } else {
                        copyBytes(k, to, from.bytes[k], from.starts[k][r], length);
                    }
                }
            }
        }
        size = to + 1;
    }

    private int startRow() {
        if (size == capacity) {
            grow();
        }
        return size;
    }

    private void grow() {
        capacity *= 2;
        for (int k = 0; k < KINDS.length; k++) {
            switch (KINDS[k]) {
                case INT -> ints[k] = Arrays.copyOf(ints[k], capacity);
                case LONG -> longs[k] = Arrays.copyOf(longs[k], capacity);
                case DICTIONARY -> ids[k] = Arrays.copyOf(ids[k], capacity);
                case BYTES -> {
                    starts[k] = Arrays.copyOf(starts[k], capacity);
                    lengths[k] = Arrays.copyOf(lengths[k], capacity);
                }
            }
        }
    }

    private void word(int k, int r, String value) {
        ids[k][r] = value == null ? -1 : dictionaries[k].id(value);
    }

    private void string(int k, int r, String value) {
        if (value == null) {
            lengths[k][r] = -1;
            return;
        }
        int n = value.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = value.charAt(i) < 0x80;
        }
        if (!ascii) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            copyBytes(k, r, utf8, 0, utf8.length);
            return;
        }
        byte[] data = room(k, n);
        int at = bytesUsed[k];
        for (int i = 0; i < n; i++) {
            data[at + i] = (byte) value.charAt(i);
        }
        starts[k][r] = at;
        lengths[k][r] = n;
        bytesUsed[k] = at + n;
    }

    /** Appends UTF-8 bytes as the value of column {@code k} at row {@code r}. */
    private void copyBytes(int k, int r, byte[] src, int from, int length) {
        byte[] data = room(k, length);
        int at = bytesUsed[k];
        System.arraycopy(src, from, data, at, length);
        starts[k][r] = at;
        lengths[k][r] = length;
        bytesUsed[k] = at + length;
    }

    private byte[] room(int k, int length) {
        byte[] data = bytes[k];
        if (bytesUsed[k] + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, bytesUsed[k] + length));
            bytes[k] = data;
        }
        return data;
    }

    private static int orNull(Integer v) {
        return v == null ? NULL_INT : v;
    }

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    // ---- reading: by column position k and row r ----

    public int intAt(int k, int r) {
        return ints[k][r];
    }

    public long longAt(int k, int r) {
        return longs[k][r];
    }

    /** The dictionary id of row r's value, -1 for null. */
    public int idAt(int k, int r) {
        return ids[k][r];
    }

    public Dictionary dictionary(int k) {
        return dictionaries[k];
    }

    /** The array holding column k's UTF-8 values (it may be replaced as the batch grows). */
    public byte[] bytes(int k) {
        return bytes[k];
    }

    public int startAt(int k, int r) {
        return starts[k][r];
    }

    /** The length in bytes of row r's value, -1 for null. */
    public int lengthAt(int k, int r) {
        return lengths[k][r];
    }

    /** The {@code event_date} of row r, in days since 1970-01-01 (UTC). */
    public long epochDay(int r) {
        return Math.floorDiv(longs[EVENT_TIME][r], 86_400_000_000L);
    }

    public int kafkaPartition(int r) {
        return ints[KAFKA_PARTITION][r];
    }

    public long kafkaOffset(int r) {
        return longs[KAFKA_OFFSET][r];
    }

    /** Row r as an object (for tests, tools and error messages; the write path never builds rows). */
    public ClickRow row(int r) {
        ClickEvent e = new ClickEvent(text(EVENT_ID, r), instant(longs[EVENT_TIME][r]), text(STORE_ID, r),
                text(SESSION_ID, r), text(USER_ID, r), EventType.fromWire(text(EVENT_TYPE, r)).orElseThrow(),
                text(PAGE, r), boxed(PRODUCT_ID, r), boxed(CATEGORY_ID, r),
                longs[PRICE][r] == NULL_LONG ? null : BigDecimal.valueOf(longs[PRICE][r], 2), boxed(QUANTITY, r),
                text(REFERRER, r), text(UTM_SOURCE, r), text(UTM_MEDIUM, r), text(UTM_CAMPAIGN, r), text(AD_ID, r),
                Device.fromWire(text(DEVICE, r)).orElseThrow(), text(COUNTRY, r), ints[SCHEMA_VERSION][r],
                text(EXPERIMENT_ID, r), text(VARIANT, r), text(COUPON_CODE, r));
        return new ClickRow(e, ints[KAFKA_PARTITION][r], longs[KAFKA_OFFSET][r], instant(longs[INGEST_TIME][r]),
                text(RESCUED_DATA, r));
    }

    /** Row r's value of a string column, null when null. */
    public String text(int k, int r) {
        if (KINDS[k] == Kind.DICTIONARY) {
            int id = ids[k][r];
            return id < 0 ? null : dictionaries[k].value(id);
        }
        int length = lengths[k][r];
        return length < 0 ? null : new String(bytes[k], starts[k][r], length, StandardCharsets.UTF_8);
    }

    private Integer boxed(int k, int r) {
        int v = ints[k][r];
        return v == NULL_INT ? null : v;
    }

    /** The distinct values of one string column of one batch, numbered from 0 in order of first use. */
    public static final class Dictionary {
        private final Map<String, Integer> idOf = new HashMap<>();
        private String[] values = new String[16];
        private int size;

        int id(String value) {
            Integer id = idOf.get(value);
            if (id != null) {
                return id;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size] = value;
            idOf.put(value, size);
            return size++;
        }

        public int size() {
            return size;
        }

        public String value(int id) {
            return values[id];
        }
    }
}
