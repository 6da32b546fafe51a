package io.clickstream.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A valid event read straight from a record's bytes, for a consumer that copies the fields elsewhere (columns) and
 * keeps no object per event: {@link ClickEventCodec#decodeFlat(byte[], int, FlatEvent)} fills it. Reused from one
 * record to the next by one thread; not thread-safe.
 * <p>
 * The unique strings ({@code event_id}, {@code session_id}, {@code user_id}) are ranges of the record's bytes
 * ({@link #source()}, ASCII); the strings that repeat across events are shared instances; numbers are primitives,
 * with {@link #NULL_INT} / {@link #NULL_LONG} for an absent value.
 * <p>
 * It accepts only what {@link ClickEventCodec#decode(byte[], int)} reads as a valid event with no unknown field,
 * with the same values; anything else (an invalid event, an unknown field, a shape the scanner leaves to Jackson)
 * it declines, and the caller decodes the record with {@code decode}. The equivalence tests hold it to that.
 */
public final class FlatEvent implements FlatJsonScanner.Target {

    public static final int NULL_INT = Integer.MIN_VALUE;
    public static final long NULL_LONG = Long.MIN_VALUE;

    private static final int SLOTS = ClickEventCodec.NAMES.length;
    private static final byte ABSENT = 0, STRING = 1, NUMBER = 2, NULL = 3, BOOLEAN = 4;
    private static final int MAX_UNSCALED_PRICE = 999_999_999; // 9,999,999.99 fits the 9 digits the scanner reads
    private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000 };

    private static final int[] REQUIRED_STRINGS = { ClickEventCodec.EVENT_ID, ClickEventCodec.EVENT_TIME,
            ClickEventCodec.STORE_ID, ClickEventCodec.SESSION_ID, ClickEventCodec.EVENT_TYPE, ClickEventCodec.PAGE,
            ClickEventCodec.DEVICE, ClickEventCodec.COUNTRY };
    private static final int[] OPTIONAL_STRINGS = { ClickEventCodec.USER_ID, ClickEventCodec.REFERRER,
            ClickEventCodec.UTM_SOURCE, ClickEventCodec.UTM_MEDIUM, ClickEventCodec.UTM_CAMPAIGN, ClickEventCodec.AD_ID };

    private final byte[] kinds = new byte[SLOTS];
    private final int[] starts = new int[SLOTS];
    private final int[] ends = new int[SLOTS];
    private final long[] unscaled = new long[SLOTS];
    private final int[] scales = new int[SLOTS];
    private final Ascii view = new Ascii();
    private byte[] source;

    private long eventTimeSeconds;
    private int eventTimeNanos;
    private EventType eventType;
    private Device device;
    private int productId, categoryId, quantity, schemaVersion;
    private long priceUnscaled;
    private String experimentId, variant, couponCode;

    /** Reads {@code value}; true if it is a valid event (of at most {@code maxVersion}) with no unknown field. */
    boolean read(byte[] value, int maxVersion) {
        java.util.Arrays.fill(kinds, ABSENT);
        source = value;
        return FlatJsonScanner.scan(value, this) && validate(maxVersion);
    }

    @Override
    public void string(int slot, byte[] b, int start, int end) {
        kinds[slot] = STRING;
        starts[slot] = start;
        ends[slot] = end;
    }

    @Override
    public void number(int slot, long value, int scale) {
        kinds[slot] = NUMBER;
        unscaled[slot] = value;
        scales[slot] = scale;
    }

    @Override
    public void literal(int slot, String kind) {
        kinds[slot] = kind.equals(ClickEventCodec.KIND_NULL) ? NULL : BOOLEAN;
    }

    private boolean validate(int maxVersion) {
        // required strings: present, not blank (the scanner lets no control character through: only spaces are blank)
        for (int slot : REQUIRED_STRINGS) {
            if (kinds[slot] != STRING || isBlank(slot) || length(slot) > ClickEventCodec.MAX_STRING_LENGTH) {
                return false;
            }
        }
        for (int slot : OPTIONAL_STRINGS) {
            if (!isOptionalString(slot)) {
                return false;
            }
        }
        if (!WireFormats.isUuid(view.of(source, starts[ClickEventCodec.EVENT_ID], ends[ClickEventCodec.EVENT_ID]))) {
            return false;
        }
        Instant time = WireFormats.parseEventTime(view.of(source, starts[ClickEventCodec.EVENT_TIME],
                ends[ClickEventCodec.EVENT_TIME]));
        if (time == null) {
            return false;
        }
        eventTimeSeconds = time.getEpochSecond();
        eventTimeNanos = time.getNano();
        eventType = EventType.fromWire(word(ClickEventCodec.EVENT_TYPE)).orElse(null);
        device = Device.fromWire(word(ClickEventCodec.DEVICE)).orElse(null);
        if (eventType == null || device == null || !isCountryCode(ClickEventCodec.COUNTRY)) {
            return false;
        }
        productId = optionalInt(ClickEventCodec.PRODUCT_ID, ClickEvent.MIN_PRODUCT_ID, ClickEvent.MAX_PRODUCT_ID);
        categoryId = optionalInt(ClickEventCodec.CATEGORY_ID, 1, ClickEvent.CATEGORY_COUNT);
        quantity = optionalInt(ClickEventCodec.QUANTITY, 1, ClickEventCodec.MAX_QUANTITY);
        schemaVersion = kinds[ClickEventCodec.SCHEMA_VERSION] == NUMBER
                ? optionalInt(ClickEventCodec.SCHEMA_VERSION, ClickEvent.FIRST_SCHEMA_VERSION, maxVersion)
                : Integer.MAX_VALUE;
        if (productId == Integer.MAX_VALUE || categoryId == Integer.MAX_VALUE || quantity == Integer.MAX_VALUE
                || schemaVersion == Integer.MAX_VALUE || schemaVersion == NULL_INT) {
            return false;
        }
        if (productId != NULL_INT && categoryId != NULL_INT && categoryId != ClickEvent.categoryOf(productId)) {
            return false;
        }
        if (!price()) {
            return false;
        }
        experimentId = variant = couponCode = null;
        if (schemaVersion < 2) {
            // in a version 1 event the version 2 fields are unknown fields: rescued, on the other path
            return kinds[ClickEventCodec.EXPERIMENT_ID] == ABSENT && kinds[ClickEventCodec.VARIANT] == ABSENT
                    && kinds[ClickEventCodec.COUPON_CODE] == ABSENT;
        }
        return (experimentId = token(ClickEventCodec.EXPERIMENT_ID, 1, ClickEventCodec.MAX_EXPERIMENT_ID,
                WireFormats.EXPERIMENT_ID_CHARS)) != INVALID
                && (variant = token(ClickEventCodec.VARIANT, 1, ClickEventCodec.MAX_VARIANT, WireFormats.VARIANT_CHARS)) != INVALID
                && (couponCode = token(ClickEventCodec.COUPON_CODE, ClickEventCodec.MIN_COUPON_CODE,
                        ClickEventCodec.MAX_COUPON_CODE, WireFormats.COUPON_CODE_CHARS)) != INVALID;
    }

    /** Marks a version 2 field that breaks its rule. */
    private static final String INVALID = new String("invalid");

    /** An optional token field: its value, null when absent or null, {@link #INVALID} otherwise. */
    private String token(int slot, int min, int max, WireFormats.CharClass allowed) {
        byte kind = kinds[slot];
        if (kind == ABSENT || kind == NULL) {
            return null;
        }
        if (kind != STRING) {
            return INVALID;
        }
        String value = word(slot);
        return WireFormats.isToken(value, min, max, allowed) ? value : INVALID;
    }

    /** An optional integer in range: its value, {@link #NULL_INT} when absent or null, Integer.MAX_VALUE when not valid. */
    private int optionalInt(int slot, int min, int max) {
        byte kind = kinds[slot];
        if (kind == ABSENT || kind == NULL) {
            return NULL_INT;
        }
        if (kind != NUMBER) {
            return Integer.MAX_VALUE;
        }
        long v = unscaled[slot];
        int scale = scales[slot];
        if (scale > 0) {
            // a zero fraction (2.0) is an integer, as in JSON Schema
            if (v % POWERS[scale] != 0) {
                return Integer.MAX_VALUE;
            }
            v /= POWERS[scale];
        }
        return v < min || v > max ? Integer.MAX_VALUE : (int) v;
    }

    /** Reads the optional price as decimal(10,2); false when it breaks a rule. */
    private boolean price() {
        byte kind = kinds[ClickEventCodec.PRICE];
        if (kind == ABSENT || kind == NULL) {
            priceUnscaled = NULL_LONG;
            return true;
        }
        if (kind != NUMBER) {
            return false;
        }
        long v = unscaled[ClickEventCodec.PRICE];
        int scale = scales[ClickEventCodec.PRICE];
        // more than 2 decimal places, unless they are zeros
        while (scale > 2) {
            if (v % 10 != 0) {
                return false;
            }
            v /= 10;
            scale--;
        }
        for (; scale < 2; scale++) {
            v *= 10;
        }
        if (v < 0 || v > MAX_UNSCALED_PRICE) {
            return false; // negative, or past what is read here: the other path decides
        }
        priceUnscaled = v;
        return true;
    }

    private boolean isOptionalString(int slot) {
        byte kind = kinds[slot];
        return kind == ABSENT || kind == NULL || (kind == STRING && length(slot) <= ClickEventCodec.MAX_STRING_LENGTH);
    }

    private boolean isBlank(int slot) {
        for (int k = starts[slot]; k < ends[slot]; k++) {
            if (source[k] != ' ') {
                return false;
            }
        }
        return true;
    }

    private boolean isCountryCode(int slot) {
        int k = starts[slot];
        return length(slot) == 2 && source[k] >= 'A' && source[k] <= 'Z' && source[k + 1] >= 'A' && source[k + 1] <= 'Z';
    }

    private int length(int slot) {
        return ends[slot] - starts[slot];
    }

    /** A present string field as a string shared across events (for the repeating fields). */
    private String word(int slot) {
        return FlatJsonScanner.string(slot, source, starts[slot], ends[slot]);
    }

    private String optionalWord(int slot) {
        return kinds[slot] == STRING ? word(slot) : null;
    }

    // ---- the event's fields ----

    /** The record's bytes: the unique strings are ranges of them. */
    public byte[] source() {
        return source;
    }

    public int eventIdStart() {
        return starts[ClickEventCodec.EVENT_ID];
    }

    public int eventIdLength() {
        return length(ClickEventCodec.EVENT_ID);
    }

    public int sessionIdStart() {
        return starts[ClickEventCodec.SESSION_ID];
    }

    public int sessionIdLength() {
        return length(ClickEventCodec.SESSION_ID);
    }

    public int userIdStart() {
        return starts[ClickEventCodec.USER_ID];
    }

    /** -1 when the event has no user id. */
    public int userIdLength() {
        return kinds[ClickEventCodec.USER_ID] == STRING ? length(ClickEventCodec.USER_ID) : -1;
    }

    /** The event time in microseconds since the epoch (finer digits dropped, as a timestamp column keeps it). */
    public long eventTimeMicros() {
        return Math.addExact(Math.multiplyExact(eventTimeSeconds, 1_000_000L), eventTimeNanos / 1_000);
    }

    public String storeId() {
        return word(ClickEventCodec.STORE_ID);
    }

    public EventType eventType() {
        return eventType;
    }

    public String page() {
        return word(ClickEventCodec.PAGE);
    }

    public int productId() {
        return productId;
    }

    public int categoryId() {
        return categoryId;
    }

    /** decimal(10,2) unscaled: cents. */
    public long priceUnscaled() {
        return priceUnscaled;
    }

    public int quantity() {
        return quantity;
    }

    public String referrer() {
        return optionalWord(ClickEventCodec.REFERRER);
    }

    public String utmSource() {
        return optionalWord(ClickEventCodec.UTM_SOURCE);
    }

    public String utmMedium() {
        return optionalWord(ClickEventCodec.UTM_MEDIUM);
    }

    public String utmCampaign() {
        return optionalWord(ClickEventCodec.UTM_CAMPAIGN);
    }

    public String adId() {
        return optionalWord(ClickEventCodec.AD_ID);
    }

    public Device device() {
        return device;
    }

    public String country() {
        return word(ClickEventCodec.COUNTRY);
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String experimentId() {
        return experimentId;
    }

    public String variant() {
        return variant;
    }

    public String couponCode() {
        return couponCode;
    }

    /** The event as an object (tests and tools). */
    public ClickEvent toEvent() {
        String userId = userIdLength() < 0 ? null : text(userIdStart(), userIdLength());
        return new ClickEvent(text(eventIdStart(), eventIdLength()), Instant.ofEpochSecond(eventTimeSeconds, eventTimeNanos),
                storeId(), text(sessionIdStart(), sessionIdLength()), userId, eventType, page(), boxed(productId),
                boxed(categoryId), priceUnscaled == NULL_LONG ? null : BigDecimal.valueOf(priceUnscaled, 2),
                boxed(quantity), referrer(), utmSource(), utmMedium(), utmCampaign(), adId(), device, country(),
                schemaVersion, experimentId, variant, couponCode);
    }

    private String text(int start, int length) {
        return new String(source, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static Integer boxed(int v) {
        return v == NULL_INT ? null : v;
    }

    /** The ASCII bytes of a field as characters, without copying them. */
    private static final class Ascii implements CharSequence {
        private byte[] b;
        private int start;
        private int end;

        Ascii of(byte[] bytes, int from, int to) {
            b = bytes;
            start = from;
            end = to;
            return this;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            return (char) b[start + index];
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new String(b, start + from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return subSequence(0, length()).toString();
        }
    }
}
