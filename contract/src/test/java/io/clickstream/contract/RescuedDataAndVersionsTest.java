package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Unknown fields are kept as rescued data, on every decoding path alike; version 2 adds optional fields that mean
 * something only in a version 2 event; versions a reader does not know and wrong types are violations.
 */
class RescuedDataAndVersionsTest {

    private static final String V2_PURCHASE = """
            {"event_id":"3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f","event_time":"2026-11-25T10:01:51.123Z",\
            "store_id":"wwi-toys","session_id":"s-1","user_id":null,"event_type":"purchase","page":"/checkout/done",\
            "product_id":57,"category_id":8,"price":19.90,"quantity":2,"referrer":null,"utm_source":null,\
            "utm_medium":null,"utm_campaign":null,"ad_id":null,"device":"mobile","country":"NL","schema_version":2,\
            "experiment_id":"checkout-button-2026q4","variant":"B","coupon_code":"WELCOME10"}""";

    @Test
    void unknownFieldsAreRescuedWithTheirValuesOnBothPaths() throws Exception {
        ObjectNode json = tree(V2_PURCHASE);
        json.put("color", "red");
        json.set("cart", ClickEventCodec.mapper().readTree("{\"items\":[1,{\"sku\":\"a\\\"b\"}],\"note\":null}"));
        json.put("ratio", 1.5);
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);

        DecodeResult streamed = ClickEventCodec.decode(bytes);
        DecodeResult fromTree = ClickEventCodec.decode(ClickEventCodec.mapper().readTree(bytes));
        assertThat(streamed.isValid()).isTrue();
        assertThat(streamed.unknownFields()).containsExactly("color", "cart", "ratio");
        assertThat(streamed.rescuedData())
                .isEqualTo("{\"color\":\"red\",\"cart\":{\"items\":[1,{\"sku\":\"a\\\"b\"}],\"note\":null},\"ratio\":1.5}")
                .isEqualTo(fromTree.rescuedData());
        assertThat(streamed.event().couponCode()).isEqualTo("WELCOME10");
    }

    @Test
    void noUnknownFieldsNoRescuedData() {
        DecodeResult result = ClickEventCodec.decode(V2_PURCHASE);
        assertThat(result.isValid()).isTrue();
        assertThat(result.rescuedData()).isNull();
        assertThat(result.unknownFields()).isEmpty();
        assertThat(result.event().experimentId()).isEqualTo("checkout-button-2026q4");
        assertThat(result.event().variant()).isEqualTo("B");
        assertThat(result.event().schemaVersion()).isEqualTo(2);
        // and back: the encoder writes the same fields
        assertThat(ClickEventCodec.decode(ClickEventCodec.encode(result.event())).event()).isEqualTo(result.event());
    }

    @Test
    void anInvalidEventHasNoRescuedData() {
        ObjectNode json = tree(V2_PURCHASE);
        json.put("color", "red");
        json.put("country", "nl");
        DecodeResult result = ClickEventCodec.decode(json.toString());
        assertThat(result.isValid()).isFalse();
        assertThat(result.unknownFields()).containsExactly("color");
        assertThat(result.rescuedData()).isNull();
    }

    /** A version 1 event does not have the version 2 fields: they are extra fields there, rescued, not checked. */
    @Test
    void version2FieldsInAVersion1EventAreRescued() {
        ObjectNode json = tree(V2_PURCHASE);
        json.put("schema_version", 1);
        json.put("coupon_code", "not a code");
        json.put("x", true);
        DecodeResult result = ClickEventCodec.decode(json.toString());
        assertThat(result.violations()).isEmpty();
        assertThat(result.event().schemaVersion()).isEqualTo(1);
        assertThat(result.event().experimentId()).isNull();
        assertThat(result.event().couponCode()).isNull();
        assertThat(result.unknownFields()).containsExactly("x", "experiment_id", "variant", "coupon_code");
        assertThat(result.rescuedData()).isEqualTo(
                "{\"x\":true,\"experiment_id\":\"checkout-button-2026q4\",\"variant\":\"B\",\"coupon_code\":\"not a code\"}");
        DecodePaths.assertEquivalent(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A reader capped at version 1 (a sink not yet upgraded) rescues the same fields and refuses version 2. */
    @Test
    void aReaderOfVersion1() {
        ObjectNode v1 = tree(V2_PURCHASE);
        v1.put("schema_version", 1);
        byte[] v1Bytes = v1.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(ClickEventCodec.decode(v1Bytes, 1)).isEqualTo(ClickEventCodec.decode(v1Bytes, 2));

        DecodeResult v2 = ClickEventCodec.decode(V2_PURCHASE.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(v2.reason()).isEqualTo("schema_version: unsupported version 2: newer than this reader knows (1 to 1)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "experiment_id#\"Checkout\"     | experiment_id | must be 1 to 64 characters of a-z, 0-9, '_', '.', '-': 'Checkout'",
            "experiment_id#\"\"             | experiment_id | must be 1 to 64 characters",
            "variant#\"with space\"         | variant       | must be 1 to 32 characters of a-z, A-Z, 0-9, '_', '-'",
            "coupon_code#\"ABC\"            | coupon_code   | must be 4 to 32 characters of A-Z, 0-9, '-': 'ABC'",
            "coupon_code#\"WELCOME10\\n\"   | coupon_code   | must be 4 to 32 characters",
            "coupon_code#10                 | coupon_code   | expected a string, got number",
            "variant#{\"a\":1}              | variant       | expected a string, got object",
            "schema_version#3               | schema_version | unsupported version 3: newer than this reader knows (1 to 2)",
            "schema_version#0               | schema_version | unsupported version 0 (versions start at 1)",
            "price#\"19.90\"                | price         | expected a number, got string",
            "product_id#true                | product_id    | expected an integer, got boolean",
            "store_id#7                     | store_id      | expected a string, got number",
    })
    void violationsNameTheFieldAndTheProblem(String change, String field, String problem) throws Exception {
        ObjectNode json = tree(V2_PURCHASE);
        int hash = change.indexOf('#');
        json.set(change.substring(0, hash), ClickEventCodec.mapper().readTree(change.substring(hash + 1)));
        DecodeResult result = ClickEventCodec.decode(json.toString());
        assertThat(result.isValid()).isFalse();
        assertThat(result.violations()).hasSize(1);
        assertThat(result.violations().get(0).field()).isEqualTo(field);
        assertThat(result.violations().get(0).problem()).startsWith(problem);
        DecodePaths.assertEquivalent(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void version2FieldsMayBeNullOrAbsent() {
        ObjectNode json = tree(V2_PURCHASE);
        json.putNull("experiment_id");
        json.remove(List.of("variant", "coupon_code"));
        DecodeResult result = ClickEventCodec.decode(json.toString());
        assertThat(result.violations()).isEmpty();
        assertThat(result.event().experimentId()).isNull();
        assertThat(result.rescuedData()).isNull();
    }

    private static ObjectNode tree(String json) {
        try {
            JsonNode node = ClickEventCodec.mapper().readTree(json);
            return (ObjectNode) node;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
