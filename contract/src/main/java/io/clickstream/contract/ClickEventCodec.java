package io.clickstream.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * JSON encoding and validating decoding of {@link ClickEvent}s. Thread-safe.
 * <p>
 * Decoding never throws for bad input: it returns every problem found, each naming its field, so a
 * consumer can route the record to a dead-letter topic with a precise reason.
 */
public final class ClickEventCodec {

    /** Upper bound of decimal(10,2). */
    public static final BigDecimal MAX_PRICE = new BigDecimal("99999999.99");
    public static final int MAX_QUANTITY = 10_000;
    public static final int MAX_STRING_LENGTH = 2_048;

    /** ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-25T10:01:51.123Z}. */
    public static final DateTimeFormatter EVENT_TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The contract's field names; a field's index here is its slot in {@link RawFields}. */
    static final String[] NAMES = { "event_id", "event_time", "store_id", "session_id", "user_id",
            "event_type", "page", "product_id", "category_id", "price", "quantity", "referrer", "utm_source",
            "utm_medium", "utm_campaign", "ad_id", "device", "country", "schema_version",
            "experiment_id", "variant", "coupon_code" };
    static final int EVENT_ID = 0, EVENT_TIME = 1, STORE_ID = 2, SESSION_ID = 3, USER_ID = 4,
            EVENT_TYPE = 5, PAGE = 6, PRODUCT_ID = 7, CATEGORY_ID = 8, PRICE = 9, QUANTITY = 10, REFERRER = 11,
            UTM_SOURCE = 12, UTM_MEDIUM = 13, UTM_CAMPAIGN = 14, AD_ID = 15, DEVICE = 16, COUNTRY = 17,
            SCHEMA_VERSION = 18, EXPERIMENT_ID = 19, VARIANT = 20, COUPON_CODE = 21;
    /**
     * The first slot of the fields version 2 added. In an event of version 1 they are unknown fields (rescued like
     * any other), so a version 1 event means the same to readers of either version.
     */
    static final int FIRST_V2_SLOT = EXPERIMENT_ID;
    /** The version 2 fields' rules (the schema's {@code not}/{@code pattern} and length keywords say the same). */
    static final int MAX_EXPERIMENT_ID = 64, MAX_VARIANT = 32, MIN_COUPON_CODE = 4, MAX_COUPON_CODE = 32;

    static final Set<String> FIELDS = Set.of(NAMES);

    private static final Map<String, Integer> SLOTS;

    static {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            slots.put(NAMES[i], i);
        }
        SLOTS = Map.copyOf(slots);
    }

    /** JSON type names as problems state them: the lower-case {@link JsonNodeType} names. */
    /** Shared boxes for the small integers events carry (product and category ids, quantities, versions). */
    private static final Integer[] SMALL_INTS = new Integer[1_024];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = i;
        }
    }

    private static final String[] KINDS = Arrays.stream(JsonNodeType.values())
            .map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    static final String KIND_STRING = KINDS[JsonNodeType.STRING.ordinal()];
    static final String KIND_NUMBER = KINDS[JsonNodeType.NUMBER.ordinal()];
    static final String KIND_BOOLEAN = KINDS[JsonNodeType.BOOLEAN.ordinal()];
    static final String KIND_NULL = KINDS[JsonNodeType.NULL.ordinal()];
    private static final String KIND_OBJECT = KINDS[JsonNodeType.OBJECT.ordinal()];
    private static final String KIND_ARRAY = KINDS[JsonNodeType.ARRAY.ordinal()];


    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("click-event").addSerializer(Instant.class, new EventTimeSerializer()))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = MAPPER.getDeserializationConfig().getNodeFactory();

    private ClickEventCodec() {
    }

    /** The mapper used for the contract (event times as ISO-8601 UTC millis). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(ClickEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String encodeToString(ClickEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String formatEventTime(Instant time) {
        return EVENT_TIME_FORMAT.format(time);
    }

    /**
     * Decodes and validates one record value (UTF-8 JSON). A null value is a violation, not an error.
     * <p>
     * Reads the common shape of an event straight from the bytes ({@link FlatJsonScanner}), anything else token by
     * token with Jackson (no tree), and gives exactly the result of {@link #decode(JsonNode)} on
     * {@code mapper().readTree(value)}: the same event, violations, unknown fields and rescued data, and the same
     * {@code not valid JSON} violation wherever the tree could not be read.
     */
    public static DecodeResult decode(byte[] value) {
        return decode(value, ClickEvent.SCHEMA_VERSION);
    }

    /**
     * As {@link #decode(byte[])}, for a reader that knows the contract only up to {@code maxVersion}: newer events
     * are violations, and fields added after {@code maxVersion} are unknown fields.
     */
    public static DecodeResult decode(byte[] value, int maxVersion) {
        checkMaxVersion(maxVersion);
        if (value == null) {
            return invalid(new Violation(Violation.RECORD, "record value is null"));
        }
        if (value.length == 0) {
            return invalid(new Violation(Violation.RECORD, "record value is empty"));
        }
        RawFields raw = new RawFields();
        if (FlatJsonScanner.scan(value, raw)) {
            return validate(raw, maxVersion);
        }
        raw = new RawFields();
        try (JsonParser p = MAPPER.createParser(value)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return invalid(new Violation(Violation.RECORD, "record value is empty"));
            }
            if (t != JsonToken.START_OBJECT) {
                return invalid(new Violation(Violation.RECORD, "expected a JSON object, got " + readValue(p, t)));
            }
            // As the tree does: the last of duplicate keys wins; anything after the closing brace is not read.
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                t = p.nextToken();
                int slot = slotOf(name);
                if (slot < 0) {
                    raw.unknown(name, valueTree(p));
                } else if (slot >= FIRST_V2_SLOT) {
                    raw.put(slot, valueTree(p)); // kept whole: rescued if the event turns out to be version 1
                } else if (t == JsonToken.VALUE_STRING) {
                    raw.put(slot, KIND_STRING, p.getText(), null);
                } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    raw.put(slot, KIND_NUMBER, null, numberNode(p, t));
                } else {
                    raw.put(slot, readValue(p, t), null, null);
                }
            }
        } catch (IOException e) {
            return invalid(new Violation(Violation.RECORD, "not valid JSON: " + firstLine(e.getMessage())));
        } catch (NumberFormatException | ArithmeticException e) {
            // e.g. 1e999999999999: a number no decimal can hold; bad input, not a reason to fail the caller
            return invalid(new Violation(Violation.RECORD, "not valid JSON: number out of range: " + firstLine(e.getMessage())));
        }
        return validate(raw, maxVersion);
    }

    /**
     * The fast way to read a record into columns: reads {@code value} into {@code into} and returns true if it is a
     * valid event of at most {@code maxVersion} with no unknown field, in the common shape (see {@link FlatEvent});
     * otherwise returns false, and {@link #decode(byte[], int)} gives the verdict (a violation, or a valid event with
     * rescued fields). Where it returns true, {@code decode} gives the same event.
     */
    public static boolean decodeFlat(byte[] value, int maxVersion, FlatEvent into) {
        checkMaxVersion(maxVersion);
        return value != null && value.length > 0 && into.read(value, maxVersion);
    }

    /** The value at the current token as the tree reads it (so that it fails as the tree would). */
    private static JsonNode valueTree(JsonParser p) throws IOException {
        JsonNode node = MAPPER.readTree(p);
        return node == null ? NODES.nullNode() : node;
    }

    private static void checkMaxVersion(int maxVersion) {
        if (maxVersion < ClickEvent.FIRST_SCHEMA_VERSION || maxVersion > ClickEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("contract version " + maxVersion + " is not one of "
                    + ClickEvent.FIRST_SCHEMA_VERSION + ".." + ClickEvent.SCHEMA_VERSION);
        }
    }

    public static DecodeResult decode(String json) {
        return decode(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Validates an already parsed JSON tree. */
    public static DecodeResult decode(JsonNode root) {
        return decode(root, ClickEvent.SCHEMA_VERSION);
    }

    /** Validates an already parsed JSON tree, for a reader that knows the contract up to {@code maxVersion}. */
    public static DecodeResult decode(JsonNode root, int maxVersion) {
        checkMaxVersion(maxVersion);
        if (root == null || root.isMissingNode()) {
            return invalid(new Violation(Violation.RECORD, "record value is empty"));
        }
        if (!root.isObject()) {
            return invalid(new Violation(Violation.RECORD, "expected a JSON object, got " + kind(root)));
        }
        RawFields raw = new RawFields();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            int slot = slotOf(field.getKey());
            JsonNode node = field.getValue();
            if (slot < 0) {
                raw.unknown(field.getKey(), node);
            } else if (slot >= FIRST_V2_SLOT) {
                raw.put(slot, node);
            } else if (node.isTextual()) {
                raw.put(slot, KIND_STRING, node.textValue(), null);
            } else if (node.isNumber()) {
                raw.put(slot, kind(node), null, node);
            } else {
                raw.put(slot, kind(node), null, null);
            }
        }
        return validate(raw, maxVersion);
    }

    /** The contract rules, applied to the fields of one JSON object however they were read. */
    private static DecodeResult validate(RawFields raw, int maxVersion) {
        Fields f = new Fields(raw);
        String eventId = f.requiredString(EVENT_ID);
        if (eventId != null) {
            if (!WireFormats.isUuid(eventId)) {
                f.violation(EVENT_ID, "not a UUID (8-4-4-4-12 hexadecimal digits): " + abbreviate(eventId));
            }
        }
        Instant eventTime = null;
        String time = f.requiredString(EVENT_TIME);
        if (time != null) {
            eventTime = WireFormats.parseEventTime(time);
            if (eventTime == null) {
                f.violation(EVENT_TIME, "not a UTC timestamp (yyyy-MM-ddTHH:mm:ss.SSSZ): " + abbreviate(time));
            }
        }
        String storeId = f.requiredString(STORE_ID);
        String sessionId = f.requiredString(SESSION_ID);
        String userId = f.optionalString(USER_ID);
        EventType eventType = null;
        String type = f.requiredString(EVENT_TYPE);
        if (type != null) {
            eventType = EventType.fromWire(type).orElse(null);
            if (eventType == null) {
                f.violation(EVENT_TYPE, "unknown event type: " + abbreviate(type));
            }
        }
        String page = f.requiredString(PAGE);
        Integer productId = f.optionalInt(PRODUCT_ID, ClickEvent.MIN_PRODUCT_ID, ClickEvent.MAX_PRODUCT_ID);
        Integer categoryId = f.optionalInt(CATEGORY_ID, 1, ClickEvent.CATEGORY_COUNT);
        if (productId != null && categoryId != null && categoryId != ClickEvent.categoryOf(productId)) {
            f.violation(CATEGORY_ID, "must be product_id % 10 + 1 = " + ClickEvent.categoryOf(productId));
        }
        BigDecimal price = f.optionalPrice(PRICE);
        Integer quantity = f.optionalInt(QUANTITY, 1, MAX_QUANTITY);
        String referrer = f.optionalString(REFERRER);
        String utmSource = f.optionalString(UTM_SOURCE);
        String utmMedium = f.optionalString(UTM_MEDIUM);
        String utmCampaign = f.optionalString(UTM_CAMPAIGN);
        String adId = f.optionalString(AD_ID);
        Device device = null;
        String dev = f.requiredString(DEVICE);
        if (dev != null) {
            device = Device.fromWire(dev).orElse(null);
            if (device == null) {
                f.violation(DEVICE, "unknown device: " + abbreviate(dev) + " (expected desktop, mobile or tablet)");
            }
        }
        String country = f.requiredString(COUNTRY);
        if (country != null && !isCountryCode(country)) {
            f.violation(COUNTRY, "not an ISO 3166 alpha-2 code: " + abbreviate(country));
        }
        Integer schemaVersion = f.requiredInt(SCHEMA_VERSION);
        if (schemaVersion != null && schemaVersion > maxVersion) {
            f.violation(SCHEMA_VERSION, "unsupported version " + schemaVersion + ": newer than this reader knows ("
                    + ClickEvent.FIRST_SCHEMA_VERSION + " to " + maxVersion + ")");
            schemaVersion = null;
        } else if (schemaVersion != null && schemaVersion < ClickEvent.FIRST_SCHEMA_VERSION) {
            f.violation(SCHEMA_VERSION, "unsupported version " + schemaVersion + " (versions start at "
                    + ClickEvent.FIRST_SCHEMA_VERSION + ")");
            schemaVersion = null;
        }
        // the version 2 fields are contract fields only in an event of version 2 or later
        boolean v2 = schemaVersion != null && schemaVersion >= 2;
        String experimentId = null, variant = null, couponCode = null;
        if (v2) {
            experimentId = f.optionalToken(EXPERIMENT_ID, 1, MAX_EXPERIMENT_ID, WireFormats.EXPERIMENT_ID_CHARS);
            variant = f.optionalToken(VARIANT, 1, MAX_VARIANT, WireFormats.VARIANT_CHARS);
            couponCode = f.optionalToken(COUPON_CODE, MIN_COUPON_CODE, MAX_COUPON_CODE, WireFormats.COUPON_CODE_CHARS);
        }

        List<String> unknown = raw.unknown == null ? new ArrayList<>(0) : new ArrayList<>(raw.unknown);
        if (!v2) {
            for (int slot = FIRST_V2_SLOT; slot < NAMES.length; slot++) {
                if (raw.kinds[slot] != null) {
                    unknown.add(NAMES[slot]);
                }
            }
        }
        if (!f.violations.isEmpty()) {
            return new DecodeResult(null, List.copyOf(f.violations), List.copyOf(unknown));
        }
        ClickEvent event = new ClickEvent(eventId, eventTime, storeId, sessionId, userId, eventType, page, productId,
                categoryId, price, quantity, referrer, utmSource, utmMedium, utmCampaign, adId, device, country,
                schemaVersion, experimentId, variant, couponCode);
        return new DecodeResult(event, List.of(), List.copyOf(unknown), unknown.isEmpty() ? null : rescued(raw, v2));
    }

    /**
     * The rescued data: the unknown fields in order of first appearance, then (in a version 1 event) the version 2
     * fields in contract order, with their values as the tree reads them, as compact JSON.
     */
    private static String rescued(RawFields raw, boolean v2) {
        ObjectNode rescued = raw.rescued == null ? NODES.objectNode() : raw.rescued;
        if (!v2) {
            for (int slot = FIRST_V2_SLOT; slot < NAMES.length; slot++) {
                if (raw.kinds[slot] != null) {
                    rescued.set(NAMES[slot], raw.node(slot));
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(rescued);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Only JSON's own white space (space, tab, line feed, carriage return), so that the schema's pattern
     * {@code [^ \t\n\r]} means the same in every regular expression engine.
     */
    private static boolean isBlank(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Z]{2}} */
    private static boolean isCountryCode(String s) {
        return s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z' && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }

    private static int slotOf(String name) {
        Integer slot = SLOTS.get(name);
        return slot == null ? -1 : slot;
    }

    /**
     * Reads the value at the current token to its end, materialising every scalar as
     * {@code mapper().readTree} would (so that the same input fails the same way), and returns its JSON type name.
     */
    private static String readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                p.getText();
                return KIND_STRING;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                numberNode(p, t);
                return KIND_NUMBER;
            case VALUE_TRUE:
            case VALUE_FALSE:
                return KIND_BOOLEAN;
            case VALUE_NULL:
                return KIND_NULL;
            case START_OBJECT:
            case START_ARRAY:
                skipContainer(p);
                return t == JsonToken.START_OBJECT ? KIND_OBJECT : KIND_ARRAY;
            default:
                // not produced by a JSON text parser
                throw new IllegalStateException("unexpected token " + t);
        }
    }

    /** Skips the container that starts at the current token, reading its scalars as the tree would. */
    private static void skipContainer(JsonParser p) throws IOException {
        int depth = 1;
        while (depth > 0) {
            if (p.getParsingContext().inObject()) {
                if (p.nextFieldName() == null) {
                    depth--; // END_OBJECT
                    continue;
                }
            }
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonParseException(p, "unexpected end of input");
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numberNode(p, t);
                default -> {
                }
            }
        }
    }

    /** The number node {@code mapper().readTree} makes of the current number token. */
    private static JsonNode numberNode(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT) {
                return intNode(p.getIntValue());
            }
            if (type == JsonParser.NumberType.LONG) {
                return NODES.numberNode(p.getLongValue());
            }
            return NODES.numberNode(p.getBigIntegerValue());
        }
        // USE_BIG_DECIMAL_FOR_FLOATS, trailing zeros stripped (the tree's defaults)
        if (p.getNumberTypeFP() != JsonParser.NumberTypeFP.BIG_DECIMAL && p.isNaN()) {
            return NODES.numberNode(p.getDoubleValue());
        }
        return decimalNode(p.getDecimalValue());
    }

    /** The tree's node for an integer that fits an int. */
    static JsonNode intNode(int value) {
        return NODES.numberNode(value);
    }

    /** The tree's node for a decimal as read: trailing zeros stripped. */
    static JsonNode decimalNode(BigDecimal value) {
        try {
            value = value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            // scale overflow: the tree keeps the value as read
        }
        return NODES.numberNode(value);
    }

    private static DecodeResult invalid(Violation v) {
        return new DecodeResult(null, List.of(v), List.of());
    }

    private static String kind(JsonNode node) {
        return KINDS[node.getNodeType().ordinal()];
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? "'" + s + "'" : "'" + s.substring(0, 61) + "...'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The contract fields of one JSON object as read, before any rule is applied: per field its JSON type name
     * (null when absent), its text when a string, its number node when a number.
     */
    static final class RawFields implements FlatJsonScanner.Target {
        final String[] kinds = new String[NAMES.length];
        final String[] strings = new String[NAMES.length];
        final JsonNode[] numbers = new JsonNode[NAMES.length];
        /** The whole value of a version 2 field, when read as a tree; null when absent or read by the scanner. */
        final JsonNode[] trees = new JsonNode[NAMES.length];
        /** Names of fields outside the contract, in order of first appearance; null when none. */
        List<String> unknown;
        /** The unknown fields and their values (the last of duplicate keys wins, as in the tree); null when none. */
        ObjectNode rescued;

        @Override
        public void string(int slot, byte[] b, int start, int end) {
            put(slot, KIND_STRING, FlatJsonScanner.string(slot, b, start, end), null);
        }

        @Override
        public void number(int slot, long unscaled, int scale) {
            put(slot, KIND_NUMBER, null, scale == 0 ? intNode((int) unscaled) : decimalNode(BigDecimal.valueOf(unscaled, scale)));
        }

        @Override
        public void literal(int slot, String kind) {
            put(slot, kind, null, null);
        }

        void put(int slot, String kind, String string, JsonNode number) {
            kinds[slot] = kind;
            strings[slot] = string;
            numbers[slot] = number;
            trees[slot] = null;
        }

        /** A field read whole, as the tree path reads every field. */
        void put(int slot, JsonNode node) {
            if (node.isTextual()) {
                put(slot, KIND_STRING, node.textValue(), null);
            } else if (node.isNumber()) {
                put(slot, kind(node), null, node);
            } else {
                put(slot, kind(node), null, null);
            }
            trees[slot] = node;
        }

        /** The value of a present field as a tree node. */
        JsonNode node(int slot) {
            if (trees[slot] != null) {
                return trees[slot];
            }
            String kind = kinds[slot];
            if (kind.equals(KIND_STRING)) {
                return NODES.textNode(strings[slot]);
            }
            if (kind.equals(KIND_NULL)) {
                return NODES.nullNode();
            }
            if (numbers[slot] != null) {
                return numbers[slot];
            }
            // the scanner leaves booleans and containers in these fields to the Jackson path
            throw new IllegalStateException("no value kept for " + NAMES[slot] + " (" + kind + ")");
        }

        void unknown(String name, JsonNode value) {
            if (unknown == null) {
                unknown = new ArrayList<>(2);
                rescued = NODES.objectNode();
            }
            if (!unknown.contains(name)) {
                unknown.add(name);
            }
            rescued.set(name, value);
        }
    }

    /** Reads typed fields from the raw fields, collecting violations instead of throwing. */
    private static final class Fields {
        private final RawFields raw;
        private final List<Violation> violations = new ArrayList<>(0);

        Fields(RawFields raw) {
            this.raw = raw;
        }

        void violation(int slot, String problem) {
            violations.add(new Violation(NAMES[slot], problem));
        }

        /** The JSON type name of a present, non-null field; otherwise null (a violation if required). */
        private String present(int slot, boolean required) {
            String kind = raw.kinds[slot];
            if (kind == null || kind.equals(KIND_NULL)) {
                if (required) {
                    violation(slot, kind == null ? "required field is missing" : "required field is null");
                }
                return null;
            }
            return kind;
        }

        String requiredString(int slot) {
            return string(slot, true);
        }

        String optionalString(int slot) {
            return string(slot, false);
        }

        private String string(int slot, boolean required) {
            String kind = present(slot, required);
            if (kind == null) {
                return null;
            }
            if (!kind.equals(KIND_STRING)) {
                violation(slot, "expected a string, got " + kind);
                return null;
            }
            String value = raw.strings[slot];
            if (required && isBlank(value)) {
                violation(slot, "must not be blank");
                return null;
            }
            // characters as JSON Schema's maxLength counts them: code points, not UTF-16 units
            if (value.length() > MAX_STRING_LENGTH && value.codePointCount(0, value.length()) > MAX_STRING_LENGTH) {
                violation(slot, "longer than " + MAX_STRING_LENGTH + " characters");
                return null;
            }
            return value;
        }

        /** An optional string of {@code min..max} characters, each one of {@code allowed}. */
        String optionalToken(int slot, int min, int max, WireFormats.CharClass allowed) {
            String value = optionalString(slot);
            if (value != null && !WireFormats.isToken(value, min, max, allowed)) {
                violation(slot, "must be " + min + " to " + max + " characters of " + allowed + ": " + abbreviate(value));
                return null;
            }
            return value;
        }

        Integer requiredInt(int slot) {
            return integer(slot, true, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        Integer optionalInt(int slot, int min, int max) {
            return integer(slot, false, min, max);
        }

        private Integer integer(int slot, boolean required, int min, int max) {
            String kind = present(slot, required);
            if (kind == null) {
                return null;
            }
            JsonNode node = raw.numbers[slot];
            Integer exact = node == null ? null : exactInt(node);
            if (exact == null) {
                violation(slot, "expected an integer, got " + (node != null ? "number " + node.asText() : kind));
                return null;
            }
            int value = exact;
            if (value < min || value > max) {
                violation(slot, "out of range " + min + ".." + max + ": " + value);
                return null;
            }
            return value >= 0 && value < SMALL_INTS.length ? SMALL_INTS[value] : Integer.valueOf(value);
        }

        /**
         * The int a JSON number stands for, or null: as in JSON Schema, a number with a zero fraction ({@code 2.0},
         * {@code 1E0}) is an integer.
         */
        private static Integer exactInt(JsonNode node) {
            if (node.isIntegralNumber()) {
                return node.canConvertToInt() ? node.intValue() : null;
            }
            try {
                return node.decimalValue().intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }

        BigDecimal optionalPrice(int slot) {
            String kind = present(slot, false);
            if (kind == null) {
                return null;
            }
            JsonNode node = raw.numbers[slot];
            if (node == null) {
                violation(slot, "expected a number, got " + kind);
                return null;
            }
            BigDecimal value = node.decimalValue();
            if (value.signum() < 0 || value.compareTo(MAX_PRICE) > 0) {
                violation(slot, "out of range 0.." + MAX_PRICE + ": " + value.toPlainString());
                return null;
            }
            if (value.stripTrailingZeros().scale() > 2) {
                violation(slot, "more than 2 decimal places: " + value.toPlainString());
                return null;
            }
            return value.setScale(2, java.math.RoundingMode.UNNECESSARY);
        }
    }

    private static final class EventTimeSerializer extends StdSerializer<Instant> {
        EventTimeSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(EVENT_TIME_FORMAT.format(value));
        }
    }
}
