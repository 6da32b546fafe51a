package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

/** The published JSON Schema and the Java validator agree. */
class JsonSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void load() {
        schema = PublishedSchema.load();
    }

    @Test
    void encodedEventsValidate() throws Exception {
        for (ClickEvent event : new ClickEvent[] { ClickEventCodecTest.purchase(), ClickEventCodecTest.anonymousPageView() }) {
            JsonNode json = ClickEventCodec.mapper().readTree(ClickEventCodec.encode(event));
            assertThat(schema.validate(json)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "event_id", "event_time", "store_id", "session_id", "event_type", "page", "device",
            "country", "schema_version" })
    void schemaAndValidatorBothRequire(String field) throws Exception {
        ObjectNode json = (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(ClickEventCodecTest.purchase()));
        json.remove(field);
        Set<ValidationMessage> errors = schema.validate(json);
        assertThat(errors).isNotEmpty();
        assertThat(ClickEventCodec.decode(json.toString()).violations()).extracting(Violation::field).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"event_type\":\"hover\"}", "{\"device\":\"watch\"}", "{\"country\":\"nl\"}",
            "{\"product_id\":0}", "{\"price\":1.005}", "{\"schema_version\":3}", "{\"schema_version\":0}",
            "{\"schema_version\":2,\"coupon_code\":\"abc1\"}", "{\"schema_version\":2,\"coupon_code\":\"AB\"}",
            "{\"schema_version\":2,\"variant\":7}", "{\"schema_version\":2,\"experiment_id\":\"Exp\"}",
            "{\"schema_version\":2,\"experiment_id\":\"\"}", "{\"schema_version\":2,\"coupon_code\":\"ABCD\\n\"}", "{\"event_id\":\"x\"}",
            "{\"event_time\":\"2026-11-25 10:00\"}", "{\"event_id\":\"1-1-1-1-1\"}",
            "{\"event_time\":\"2026-11-25T10:01:51+01:00\"}", "{\"event_time\":\"2023-02-29T10:01:51Z\"}",
            "{\"event_time\":\"2026-11-25T23:59:60Z\"}" })
    void schemaAndValidatorBothReject(String patch) throws Exception {
        ObjectNode json = (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(ClickEventCodecTest.purchase()));
        json.setAll((ObjectNode) ClickEventCodec.mapper().readTree(patch));
        assertThat(schema.validate(json)).as("schema errors for " + patch).isNotEmpty();
        assertThat(ClickEventCodec.decode(json.toString()).isValid()).as("validator for " + patch).isFalse();
    }

    /** Version 2 fields: checked in a version 2 event; in a version 1 event they are extra fields, accepted. */
    @ParameterizedTest
    @ValueSource(strings = { "{\"schema_version\":2,\"experiment_id\":\"checkout-button-2026q4\",\"variant\":\"B\"}",
            "{\"schema_version\":2,\"coupon_code\":\"WELCOME10\",\"variant\":null}",
            "{\"schema_version\":1,\"coupon_code\":\"not a code\",\"variant\":7}" })
    void schemaAndValidatorBothAccept(String patch) throws Exception {
        ObjectNode json = (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(ClickEventCodecTest.purchase()));
        json.setAll((ObjectNode) ClickEventCodec.mapper().readTree(patch));
        assertThat(schema.validate(json)).as("schema errors for " + patch).isEmpty();
        assertThat(ClickEventCodec.decode(json.toString()).isValid()).as("validator for " + patch).isTrue();
    }
}
