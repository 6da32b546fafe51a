package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

/**
 * Coverage-guided fuzzing of the contract decoder (Jazzer), from raw bytes and from events built field by field.
 * For every input: no exception escapes; the result is a
 * valid event or a non-empty list of violations; the hand-written fast path, Jackson's streaming path and the
 * Jackson tree agree (event, violations, unknown fields and the rescued data, byte for byte); and the published JSON Schema gives the same verdict.
 * <p>
 * {@code ./mvnw verify} fuzzes for a bounded time ({@code JAZZER_FUZZ=1} is set by the module's build); without
 * it, JUnit replays the saved inputs only. {@code bench/fuzz-contract.sh} fuzzes for longer.
 */
class DecoderFuzzTest {

    private static final JsonSchema SCHEMA = PublishedSchema.load();

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({ "\"event_id\"", "\"event_time\"", "\"store_id\"", "\"session_id\"", "\"user_id\"",
            "\"event_type\"", "\"page\"", "\"product_id\"", "\"category_id\"", "\"price\"", "\"quantity\"",
            "\"referrer\"", "\"utm_source\"", "\"utm_medium\"", "\"utm_campaign\"", "\"ad_id\"", "\"device\"",
            "\"country\"", "\"schema_version\"", "\"experiment_id\"", "\"variant\"", "\"coupon_code\"",
            "WELCOME10", "control", "\"purchase\"", "\"page_view\"", "\"mobile\"", "\"NL\"", "null",
            "2026-11-25T10:01:51.123Z", "3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f", "19.90", "1e400", "\\u00e9" })
    void decode(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /**
     * The fuzz target, also for Jazzer's command line ({@code --target_class}). The input's last byte picks the
     * mode: raw bytes (the saved seeds are records followed by a 0 byte), or an event built field by field from the
     * fuzzer's choices (each field a valid value or a near miss, up to two of them anything else: every JSON type,
     * missing, unknown and nested fields), so that the contract's rules are explored, not only the parser.
     */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        if (!data.consumeBoolean()) {
            check(data.consumeRemainingAsBytes());
            return;
        }
        ObjectNode event = ClickEventCodec.mapper().createObjectNode();
        List<String> fields = new ArrayList<>(ClickEventCodec.FIELDS);
        Set<String> changed = new HashSet<>();
        for (int k = data.consumeInt(0, 2); k > 0; k--) {
            changed.add(data.pickValue(fields));
        }
        for (String field : fields) {
            if (changed.contains(field)) {
                putValue(event, field, data);
            } else {
                event.set(field, validValue(field, data));
            }
        }
        if (!changed.contains("category_id") && event.path("product_id").canConvertToInt() && !data.consumeBoolean()) {
            event.put("category_id", ClickEvent.categoryOf(event.get("product_id").intValue()));
        }
        for (int extra = data.consumeInt(0, 2); extra > 0; extra--) {
            putValue(event, data.consumeAsciiString(12), data);
        }
        try {
            check(ClickEventCodec.mapper().writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putValue(ObjectNode event, String field, FuzzedDataProvider data) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        switch (data.consumeInt(0, 9)) {
            case 0 -> {
            } // missing
            case 1 -> event.putNull(field);
            case 2 -> event.put(field, data.consumeString(40));
            case 3 -> event.put(field, data.consumeInt());
            case 4 -> event.put(field, BigDecimal.valueOf(data.consumeLong(), data.consumeInt(-3, 4)));
            case 5 -> event.put(field, data.consumeBoolean());
            case 6 -> event.set(field, json.arrayNode().add(data.consumeInt(-2, 2)).add(json.objectNode().put("a", "b")));
            default -> event.set(field, validValue(field, data));
        }
    }

    /** A value that is right for the field, or nearly so. */
    private static JsonNode validValue(String field, FuzzedDataProvider data) {
        // the fuzzer's zero choices (what it gets once an input runs out) give a valid value
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (field) {
            case "event_id" -> json.textNode(new UUID(data.consumeLong(), data.consumeLong()).toString());
            case "event_time" -> {
                String time = ClickEventCodec.formatEventTime(Instant.ofEpochMilli(
                        data.consumeLong(0, 253_402_300_799_999L)));
                int fraction = data.consumeInt(0, 10); // 0..9 digits are the contract; 10 is not
                yield json.textNode(time.substring(0, 19) + (fraction == 0 ? "" : "." + "123456789".repeat(2)
                        .substring(0, fraction)) + (data.consumeBoolean() ? "+00:00" : "Z"));
            }
            case "event_type" -> json.textNode(data.pickValue(EventType.values()).wire());
            case "device" -> json.textNode(data.pickValue(Device.values()).wire());
            case "country" -> json.textNode(data.pickValue(new String[] { "NL", "US", "nl", "NLD", "" }));
            case "product_id" -> json.numberNode(data.consumeInt(1, 671));
            case "category_id" -> json.numberNode(data.consumeInt(1, 11));
            case "price" -> json.numberNode(BigDecimal.valueOf(data.consumeInt(0, 1_000_000_000), data.consumeInt(0, 3)));
            case "quantity" -> json.numberNode(data.consumeInt(1, 10_001));
            case "schema_version" -> switch (data.consumeInt(0, 2)) {
                case 0 -> json.numberNode(1);
                case 1 -> json.numberNode(new BigDecimal(data.consumeBoolean() ? "1.0" : "2.0"));
                default -> json.numberNode(data.consumeInt(-1, 3));
            };
            case "experiment_id" -> json.textNode(data.pickValue(new String[] { "checkout-2026.q4", "a", "A", "" }));
            case "variant" -> json.textNode(data.pickValue(new String[] { "control", "B", "b c", "x".repeat(33) }));
            case "coupon_code" -> json.textNode(data.pickValue(new String[] { "WELCOME10", "ABC", "abcd", "AB-12\n" }));
            default -> json.textNode(data.pickValue(new String[] { "x", " ", "wwi-toys", "/p/57", "\u00e9", "\t" }));
        };
    }

    private static void check(byte[] input) {
        DecodeResult result = ClickEventCodec.decode(input);
        if (result.isValid()) {
            assertThat(result.event()).isNotNull();
        } else {
            assertThat(result.event()).isNull();
            assertThat(result.violations()).isNotEmpty();
        }
        if (input.length == 0) {
            return;
        }
        DecodePaths.assertEquivalent(input);
        JsonNode tree;
        try {
            tree = ClickEventCodec.mapper().readTree(input);
        } catch (IOException | RuntimeException e) {
            return; // not JSON: assertEquivalent checked that the decoder says so
        }
        if (tree == null || tree.isMissingNode() || hasHugeNumber(tree)) {
            return;
        }
        Set<ValidationMessage> errors = SCHEMA.validate(tree);
        assertThat(result.isValid()).as("schema errors %s, violations %s", errors, result.violations())
                .isEqualTo(errors.isEmpty());
    }

    /**
     * Numbers such as {@code 1e400661}: the decoder rejects them at once, but the schema library takes minutes to
     * compare them with {@code maximum}, so the schema's verdict is not asked for them.
     */
    private static boolean hasHugeNumber(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return Math.abs(d.precision() - d.scale()) > 100;
        }
        for (JsonNode child : node) {
            if (hasHugeNumber(child)) {
                return true;
            }
        }
        return false;
    }
}
