package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The two readings of a record's bytes: {@link ClickEventCodec#decode(byte[])} (the hand-written scanner, else
 * Jackson's streaming parser) and validating the Jackson tree of the same bytes. Used by the generated and the
 * fuzzed tests.
 */
final class DecodePaths {

    private DecodePaths() {
    }

    /** What validating the tree gives: a result, or null and the reason the tree could not be read. */
    record Expected(DecodeResult result, String unreadable, RuntimeException thrown) {
    }

    static Expected expected(byte[] value) {
        JsonNode tree;
        try {
            tree = ClickEventCodec.mapper().readTree(value);
        } catch (IOException e) {
            return new Expected(null, e.getMessage(), null);
        } catch (RuntimeException e) {
            return new Expected(null, null, e);
        }
        return new Expected(ClickEventCodec.decode(tree), null, null);
    }

    /** Asserts that streaming and tree decoding agree on the value; returns whether it is a valid event. */
    static boolean assertEquivalent(byte[] value) {
        Expected expected = expected(value);
        String input = describe(value);
        if (expected.thrown() != null) {
            // the tree throws (a number no decimal can hold); the decoder reports it as bad input instead
            assertThat(ClickEventCodec.decode(value).reason()).as(input).startsWith("$: not valid JSON: number out of range");
            return false;
        }
        DecodeResult actual = ClickEventCodec.decode(value);
        if (expected.result() == null) {
            assertThat(actual.event()).as(input).isNull();
            assertThat(actual.unknownFields()).as(input).isEmpty();
            assertThat(actual.violations()).as(input).hasSize(1);
            Violation v = actual.violations().get(0);
            assertThat(v.field()).as(input).isEqualTo(Violation.RECORD);
            assertThat(v.problem()).as(input).startsWith("not valid JSON")
                    .isEqualTo("not valid JSON: " + expected.unreadable().lines().findFirst().orElse(""));
            return false;
        }
        assertThat(actual.event()).as(input).isEqualTo(expected.result().event());
        assertThat(actual.violations()).as(input).isEqualTo(expected.result().violations());
        assertThat(actual.unknownFields()).as(input).isEqualTo(expected.result().unknownFields());
        // byte-equal: both paths serialise the same tree nodes with the contract's mapper
        assertThat(actual.rescuedData()).as(input).isEqualTo(expected.result().rescuedData());
        assertThat(actual.rescuedData() != null).as(input)
                .isEqualTo(actual.isValid() && !actual.unknownFields().isEmpty());
        if (actual.event() != null) {
            assertThat(actual.event().price()).as(input).isEqualTo(expected.result().event().price()); // scale too
        }
        assertFlatAgrees(value, input);
        return actual.isValid();
    }

    /**
     * The flat reading ({@link ClickEventCodec#decodeFlat}) only ever accepts a valid event without unknown fields,
     * and then gives exactly the event {@code decode} gives, for readers of every contract version.
     */
    static boolean assertFlatAgrees(byte[] value, String input) {
        boolean accepted = false;
        for (int version = ClickEvent.FIRST_SCHEMA_VERSION; version <= ClickEvent.SCHEMA_VERSION; version++) {
            FlatEvent flat = new FlatEvent();
            if (!ClickEventCodec.decodeFlat(value, version, flat)) {
                continue;
            }
            DecodeResult decoded = ClickEventCodec.decode(value, version);
            assertThat(decoded.isValid()).as("read flat, yet not valid for version " + version + ": " + input).isTrue();
            assertThat(decoded.unknownFields()).as(input).isEmpty();
            ClickEvent event = flat.toEvent();
            assertThat(event).as(input).isEqualTo(decoded.event());
            assertThat(event.price()).as(input).isEqualTo(decoded.event().price()); // scale too
            accepted = true;
        }
        return accepted;
    }

    static String describe(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() > 600 ? text.substring(0, 600) + "... (" + value.length + " bytes)" : text;
    }

}
