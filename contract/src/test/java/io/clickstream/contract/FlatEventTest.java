package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The flat reading takes the common shape of a valid event itself (or columns would gain nothing), and declines
 * everything {@code decode} does not read as a valid event without unknown fields (checked on every generated and
 * fuzzed input by {@link DecodePaths#assertFlatAgrees}).
 */
class FlatEventTest {

    private static final java.util.regex.Pattern EXPONENT = java.util.regex.Pattern.compile("[0-9][eE]");

    @Test
    void readsValidEventsAsDecodeDoes() {
        Random random = new Random(7);
        int plain = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] json = GeneratedRecords.json(GeneratedRecords.randomEvent(random), false);
            DecodeResult decoded = ClickEventCodec.decode(json);
            boolean accepted = DecodePaths.assertFlatAgrees(json, DecodePaths.describe(json));
            String text = new String(json, StandardCharsets.UTF_8);
            // only what the scanner leaves to Jackson (escapes, non-ASCII, exponents) may take the other path
            if (decoded.isValid() && decoded.unknownFields().isEmpty() && text.chars().allMatch(c -> c < 0x80)
                    && !text.contains("\\") && !EXPONENT.matcher(text).find()) {
                plain++;
                assertThat(accepted).as(text).isTrue();
            }
        }
        assertThat(plain).isGreaterThan(500);
    }

    @Test
    void declinesWhatDecodeRejectsOrRescues() {
        String event = new String(GeneratedRecords.json(GeneratedRecords.randomEvent(new Random(3)), false),
                StandardCharsets.UTF_8);
        for (Map.Entry<String, String> change : Map.of(
                "\"price\":", "\"price\":-1,\"x\":",
                "\"country\":\"", "\"country\":\"x",
                "\"schema_version\":", "\"schema_version\":3,\"y\":",
                "\"event_id\":\"", "\"event_id\":\"z").entrySet()) {
            String changed = event.replace(change.getKey(), change.getValue());
            assertThat(changed).isNotEqualTo(event);
            FlatEvent flat = new FlatEvent();
            assertThat(ClickEventCodec.decodeFlat(changed.getBytes(StandardCharsets.UTF_8), ClickEvent.SCHEMA_VERSION, flat))
                    .as(changed).isFalse();
        }
    }
}
