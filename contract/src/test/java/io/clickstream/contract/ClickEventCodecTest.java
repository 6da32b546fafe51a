package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

class ClickEventCodecTest {

    static ClickEvent purchase() {
        return new ClickEvent(UUID.randomUUID().toString(), Instant.parse("2026-11-25T10:01:51.123Z"), "wwi-toys",
                "s-1", "u-42", EventType.PURCHASE, "/checkout/done", 57, 8, new BigDecimal("19.90"), 2, "google",
                "google", "cpc", "black-friday", "ad-7", Device.MOBILE, "NL", 1);
    }

    static ClickEvent anonymousPageView() {
        return new ClickEvent(UUID.randomUUID().toString(), Instant.parse("2026-01-02T00:00:00Z"), "wwi-novelty",
                "s-2", null, EventType.PAGE_VIEW, "/", null, null, null, null, null, null, null, null, null,
                Device.DESKTOP, "US", 1);
    }

    @Test
    void validEventsRoundTrip() {
        for (ClickEvent event : new ClickEvent[] { purchase(), anonymousPageView() }) {
            DecodeResult result = ClickEventCodec.decode(ClickEventCodec.encode(event));
            assertThat(result.violations()).isEmpty();
            assertThat(result.event()).isEqualTo(event);
            assertThat(result.unknownFields()).isEmpty();
        }
    }

    @Test
    void encodesSnakeCaseFieldsTimeWithMillisAndExplicitNulls() throws Exception {
        ObjectNode json = (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(anonymousPageView()));
        assertThat(json.get("event_time").textValue()).isEqualTo("2026-01-02T00:00:00.000Z");
        assertThat(json.get("event_type").textValue()).isEqualTo("page_view");
        assertThat(json.get("device").textValue()).isEqualTo("desktop");
        assertThat(json.has("user_id")).isTrue();
        assertThat(json.get("user_id").isNull()).isTrue();
        assertThat(json.get("schema_version").intValue()).isEqualTo(1);
        // the version 2 fields are left out when null: a version 1 event encodes as before
        assertThat(json.size()).isEqualTo(ClickEventCodec.FIELDS.size() - 3);
    }

    @Test
    void priceKeepsTwoDecimals() throws Exception {
        ObjectNode json = (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(purchase()));
        assertThat(json.get("price").decimalValue()).isEqualByComparingTo("19.90");
        DecodeResult result = ClickEventCodec.decode(ClickEventCodec.encode(purchase()));
        assertThat(result.event().price().scale()).isEqualTo(2);
    }

    @Test
    void unknownFieldsAreAcceptedAndReported() {
        ObjectNode json = tree(purchase());
        json.put("experiment", "b");
        json.put("color", 3);
        DecodeResult result = decode(json);
        assertThat(result.isValid()).isTrue();
        assertThat(result.unknownFields()).containsExactlyInAnyOrder("experiment", "color");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "remove event_id         | event_id       | required field is missing",
            "null event_id           | event_id       | required field is null",
            "event_id=not-a-uuid     | event_id       | not a UUID",
            "event_time=yesterday    | event_time     | not a UTC timestamp",
            "event_id=1-1-1-1-1      | event_id       | not a UUID",
            "event_time#42           | event_time     | expected a string",
            "remove store_id         | store_id       | required field is missing",
            "store_id=               | store_id       | must not be blank",
            "remove session_id       | session_id     | required field is missing",
            "user_id#7               | user_id        | expected a string",
            "event_type=hover        | event_type     | unknown event type",
            "remove page             | page           | required field is missing",
            "product_id=12           | product_id     | expected an integer",
            "product_id#671          | product_id     | out of range",
            "product_id#1.5          | product_id     | expected an integer",
            "product_id#1e400        | product_id     | expected an integer",
            "category_id#11          | category_id    | out of range",
            "category_id#3           | category_id    | must be product_id % 10 + 1",
            "price=cheap             | price          | expected a number",
            "price#-1                | price          | out of range",
            "price#1.005             | price          | more than 2 decimal places",
            "quantity#0              | quantity       | out of range",
            "device=watch            | device         | unknown device",
            "country=Netherlands     | country        | not an ISO 3166 alpha-2 code",
            "schema_version#3        | schema_version | unsupported version 3",
            "schema_version=1        | schema_version | expected an integer",
    })
    void eachInvalidFieldIsNamed(String change, String field, String problem) {
        ObjectNode json = tree(purchase());
        apply(change).accept(json);
        DecodeResult result = decode(json);
        assertThat(result.isValid()).isFalse();
        assertThat(result.event()).isNull();
        assertThat(result.violations()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.problem()).contains(problem);
        });
        assertThat(result.reason()).contains(field);
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        ObjectNode json = tree(purchase());
        json.remove("event_id");
        json.put("device", "watch");
        json.put("quantity", "two");
        DecodeResult result = decode(json);
        assertThat(result.violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("event_id", "device", "quantity");
    }

    @Test
    void wholeRecordProblemsUseTheRecordField() {
        assertThat(ClickEventCodec.decode((byte[]) null).reason()).isEqualTo("$: record value is null");
        assertThat(ClickEventCodec.decode(new byte[0]).reason()).isEqualTo("$: record value is empty");
        assertThat(ClickEventCodec.decode("not json").reason()).startsWith("$: not valid JSON");
        assertThat(ClickEventCodec.decode("[1,2]").reason()).isEqualTo("$: expected a JSON object, got array");
        String truncated = ClickEventCodec.encodeToString(purchase());
        assertThat(ClickEventCodec.decode(truncated.substring(0, truncated.length() / 2)).reason())
                .startsWith("$: not valid JSON");
        byte[] badUtf8 = "{\"event_id\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        badUtf8[14] = (byte) 0xC3;
        badUtf8[15] = (byte) 0x28; // invalid continuation byte
        assertThat(ClickEventCodec.decode(badUtf8).reason()).startsWith("$: not valid JSON");
    }

    @Test
    void eventTimeIsUtcWithAnyFractionUpToNanos() {
        ObjectNode json = tree(purchase());
        json.put("event_time", "2026-11-25T11:01:51.123+01:00");
        assertThat(decode(json).violations()).extracting(Violation::field).containsExactly("event_time");
        json.put("event_time", "2026-11-25T10:01:51Z");
        assertThat(decode(json).event().eventTime()).isEqualTo(Instant.parse("2026-11-25T10:01:51Z"));
        json.put("event_time", "2026-11-25T10:01:51.123456789Z");
        assertThat(decode(json).event().eventTime()).isEqualTo(Instant.parse("2026-11-25T10:01:51.123456789Z"));
    }

    @Test
    void integersMayBeWrittenWithAZeroFraction() {
        ObjectNode json = tree(purchase());
        json.put("quantity", new java.math.BigDecimal("2.00"));
        json.put("schema_version", new java.math.BigDecimal("1E0"));
        DecodeResult result = decode(json);
        assertThat(result.violations()).isEmpty();
        assertThat(result.event().quantity()).isEqualTo(2);
    }

    @Test
    void kafkaKeyIsStoreAndSession() {
        assertThat(purchase().kafkaKey()).isEqualTo("wwi-toys:s-1");
    }

    private static ObjectNode tree(ClickEvent event) {
        try {
            return (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(event));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DecodeResult decode(ObjectNode json) {
        return ClickEventCodec.decode(json.toString());
    }

    /** "remove f", "null f", "f=text" (string value) or "f#json" (raw JSON value). */
    private static Consumer<ObjectNode> apply(String change) {
        if (change.startsWith("remove ")) {
            return j -> j.remove(change.substring(7));
        }
        if (change.startsWith("null ")) {
            return j -> j.putNull(change.substring(5));
        }
        int eq = change.indexOf('=');
        if (eq > 0) {
            return j -> j.put(change.substring(0, eq), change.substring(eq + 1));
        }
        int hash = change.indexOf('#');
        return j -> {
            try {
                j.set(change.substring(0, hash), ClickEventCodec.mapper().readTree(change.substring(hash + 1)));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        };
    }
}
