package io.clickstream.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
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

    static final Set<String> FIELDS = Set.of("event_id", "event_time", "store_id", "session_id", "user_id",
            "event_type", "page", "product_id", "category_id", "price", "quantity", "referrer", "utm_source",
            "utm_medium", "utm_campaign", "ad_id", "device", "country", "schema_version");

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("click-event").addSerializer(Instant.class, new EventTimeSerializer()))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

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

    /** Decodes and validates one record value (UTF-8 JSON). A null value is a violation, not an error. */
    public static DecodeResult decode(byte[] value) {
        if (value == null) {
            return invalid(new Violation(Violation.RECORD, "record value is null"));
        }
        if (value.length == 0) {
            return invalid(new Violation(Violation.RECORD, "record value is empty"));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (IOException e) {
            return invalid(new Violation(Violation.RECORD, "not valid JSON: " + firstLine(e.getMessage())));
        }
        return decode(root);
    }

    public static DecodeResult decode(String json) {
        return decode(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Validates an already parsed JSON tree. */
    public static DecodeResult decode(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return invalid(new Violation(Violation.RECORD, "record value is empty"));
        }
        if (!root.isObject()) {
            return invalid(new Violation(Violation.RECORD, "expected a JSON object, got " + kind(root)));
        }
        Fields f = new Fields(root);
        String eventId = f.requiredString("event_id");
        if (eventId != null) {
            try {
                UUID.fromString(eventId);
            } catch (IllegalArgumentException e) {
                f.violation("event_id", "not a UUID: " + abbreviate(eventId));
            }
        }
        Instant eventTime = null;
        String time = f.requiredString("event_time");
        if (time != null) {
            try {
                eventTime = Instant.parse(time);
            } catch (DateTimeParseException e) {
                f.violation("event_time", "not an ISO-8601 instant: " + abbreviate(time));
            }
        }
        String storeId = f.requiredString("store_id");
        String sessionId = f.requiredString("session_id");
        String userId = f.optionalString("user_id");
        EventType eventType = null;
        String type = f.requiredString("event_type");
        if (type != null) {
            eventType = EventType.fromWire(type).orElse(null);
            if (eventType == null) {
                f.violation("event_type", "unknown event type: " + abbreviate(type));
            }
        }
        String page = f.requiredString("page");
        Integer productId = f.optionalInt("product_id", ClickEvent.MIN_PRODUCT_ID, ClickEvent.MAX_PRODUCT_ID);
        Integer categoryId = f.optionalInt("category_id", 1, ClickEvent.CATEGORY_COUNT);
        if (productId != null && categoryId != null && categoryId != ClickEvent.categoryOf(productId)) {
            f.violation("category_id", "must be product_id % 10 + 1 = " + ClickEvent.categoryOf(productId));
        }
        BigDecimal price = f.optionalPrice("price");
        Integer quantity = f.optionalInt("quantity", 1, MAX_QUANTITY);
        String referrer = f.optionalString("referrer");
        String utmSource = f.optionalString("utm_source");
        String utmMedium = f.optionalString("utm_medium");
        String utmCampaign = f.optionalString("utm_campaign");
        String adId = f.optionalString("ad_id");
        Device device = null;
        String dev = f.requiredString("device");
        if (dev != null) {
            device = Device.fromWire(dev).orElse(null);
            if (device == null) {
                f.violation("device", "unknown device: " + abbreviate(dev) + " (expected desktop, mobile or tablet)");
            }
        }
        String country = f.requiredString("country");
        if (country != null && !COUNTRY.matcher(country).matches()) {
            f.violation("country", "not an ISO 3166 alpha-2 code: " + abbreviate(country));
        }
        Integer schemaVersion = f.requiredInt("schema_version");
        if (schemaVersion != null && schemaVersion != ClickEvent.SCHEMA_VERSION) {
            f.violation("schema_version", "unsupported version " + schemaVersion + " (expected 1)");
        }

        List<String> unknown = new ArrayList<>(0);
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!f.violations.isEmpty()) {
            return new DecodeResult(null, List.copyOf(f.violations), List.copyOf(unknown));
        }
        ClickEvent event = new ClickEvent(eventId, eventTime, storeId, sessionId, userId, eventType, page, productId,
                categoryId, price, quantity, referrer, utmSource, utmMedium, utmCampaign, adId, device, country,
                schemaVersion);
        return new DecodeResult(event, List.of(), List.copyOf(unknown));
    }

    private static DecodeResult invalid(Violation v) {
        return new DecodeResult(null, List.of(v), List.of());
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
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

    /** Reads typed fields from one object, collecting violations instead of throwing. */
    private static final class Fields {
        private final JsonNode root;
        private final List<Violation> violations = new ArrayList<>(0);

        Fields(JsonNode root) {
            this.root = root;
        }

        void violation(String field, String problem) {
            violations.add(new Violation(field, problem));
        }

        private JsonNode present(String name, boolean required) {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    violation(name, node == null ? "required field is missing" : "required field is null");
                }
                return null;
            }
            return node;
        }

        String requiredString(String name) {
            return string(name, true);
        }

        String optionalString(String name) {
            return string(name, false);
        }

        private String string(String name, boolean required) {
            JsonNode node = present(name, required);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                violation(name, "expected a string, got " + kind(node));
                return null;
            }
            String value = node.textValue();
            if (required && value.isBlank()) {
                violation(name, "must not be blank");
                return null;
            }
            if (value.length() > MAX_STRING_LENGTH) {
                violation(name, "longer than " + MAX_STRING_LENGTH + " characters");
                return null;
            }
            return value;
        }

        Integer requiredInt(String name) {
            return integer(name, true, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        Integer optionalInt(String name, int min, int max) {
            return integer(name, false, min, max);
        }

        private Integer integer(String name, boolean required, int min, int max) {
            JsonNode node = present(name, required);
            if (node == null) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                violation(name, "expected an integer, got " + (node.isNumber() ? "number " + node.asText() : kind(node)));
                return null;
            }
            int value = node.intValue();
            if (value < min || value > max) {
                violation(name, "out of range " + min + ".." + max + ": " + value);
                return null;
            }
            return value;
        }

        BigDecimal optionalPrice(String name) {
            JsonNode node = present(name, false);
            if (node == null) {
                return null;
            }
            if (!node.isNumber()) {
                violation(name, "expected a number, got " + kind(node));
                return null;
            }
            BigDecimal value = node.decimalValue();
            if (value.signum() < 0 || value.compareTo(MAX_PRICE) > 0) {
                violation(name, "out of range 0.." + MAX_PRICE + ": " + value.toPlainString());
                return null;
            }
            if (value.stripTrailingZeros().scale() > 2) {
                violation(name, "more than 2 decimal places: " + value.toPlainString());
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
