package io.clickstream.contract;

import static io.clickstream.contract.DecodePaths.*;
import static io.clickstream.contract.GeneratedRecords.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link ClickEventCodec#decode(byte[])} reads records token by token; it must give exactly what validating the
 * Jackson tree of the same bytes gives ({@code decode(mapper().readTree(bytes))}), for valid and invalid input.
 */
class StreamingDecodeEquivalenceTest {

    private static final long SEED = 20_261_125L;

    @Test
    void validEventsWithRandomOptionalNulls() {
        Random random = new Random(SEED);
        int valid = 0;
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> event = randomEvent(random);
            valid += assertEquivalent(json(event, random.nextInt(4) == 0)) ? 1 : 0;
            valid += assertEquivalent(json(shuffled(event, random), false)) ? 1 : 0;
        }
        assertThat(valid).isEqualTo(4_000);
    }

    @Test
    void eachFieldRemovedNulledOrSetToEveryKindOfValue() {
        Random random = new Random(SEED + 1);
        int valid = 0;
        int cases = 0;
        for (String field : ClickEventCodec.FIELDS) {
            Map<String, String> event = randomEvent(random);
            event.put("product_id", "57");
            event.put("category_id", "8");
            event.put("price", "19.90");
            event.put("quantity", "2");
            Map<String, String> removed = new LinkedHashMap<>(event);
            removed.remove(field);
            valid += assertEquivalent(json(removed, false)) ? 1 : 0;
            cases++;
            for (String value : VALUES) {
                Map<String, String> changed = new LinkedHashMap<>(event);
                changed.put(field, value);
                valid += assertEquivalent(json(changed, false)) ? 1 : 0;
                cases++;
            }
        }
        // several mutations at once: every violation must be reported, in the same order
        for (int i = 0; i < 3_000; i++) {
            Map<String, String> event = randomEvent(random);
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                String field = pick(random, new ArrayList<>(ClickEventCodec.FIELDS));
                if (random.nextInt(8) == 0) {
                    event.remove(field);
                } else {
                    event.put(field, pick(random, VALUES));
                }
            }
            valid += assertEquivalent(json(event, random.nextBoolean())) ? 1 : 0;
            cases++;
        }
        assertThat(valid).isPositive().isLessThan(cases);
    }

    @Test
    void unknownFieldsWithNestedValuesAndDuplicateKeys() {
        Random random = new Random(SEED + 2);
        List<String> names = List.of("experiment", "Event_id", "event_id ", "", "n\u00e4me", "a\\\"b", "price2");
        int cases = 0;
        for (int i = 0; i < 1_500; i++) {
            Map<String, String> event = randomEvent(random);
            List<String[]> entries = new ArrayList<>();
            event.forEach((k, v) -> entries.add(new String[] { k, v }));
            int extras = 1 + random.nextInt(4);
            for (int e = 0; e < extras; e++) {
                String name;
                switch (random.nextInt(3)) {
                    case 0 -> name = pick(random, names); // unknown, possibly repeated
                    case 1 -> name = pick(random, new ArrayList<>(ClickEventCodec.FIELDS)); // duplicate key
                    default -> name = "x" + random.nextInt(5);
                }
                String value = random.nextInt(3) == 0 ? event.getOrDefault(name, "1") : pick(random, VALUES);
                entries.add(random.nextInt(entries.size() + 1), new String[] { name, value });
            }
            assertEquivalent(json(entries, random.nextBoolean()));
            cases++;
        }
        // a bad value first, the good one last: the last one wins, as with the tree
        Map<String, String> event = randomEvent(random);
        for (String field : ClickEventCodec.FIELDS) {
            List<String[]> entries = new ArrayList<>();
            entries.add(new String[] { field, "{\"nested\":[\"bad\"]}" });
            event.forEach((k, v) -> entries.add(new String[] { k, v }));
            assertThat(assertEquivalent(json(entries, false))).as("duplicate " + field).isTrue();
            cases++;
        }
        assertThat(cases).isEqualTo(1_500 + ClickEventCodec.FIELDS.size());
    }

    @Test
    void wholeRecordShapes() {
        List<String> inputs = new ArrayList<>(List.of(" ", "\n\t ", "null", "true", "false", "1", "-1.50", "1e400",
                "\"s\"", "\"unterminated", "[", "[]", "[1,2]", "[{}]", "[1,2", "{}", "{ }", "{} trailing", "{}{}",
                "{\"a\":1}}", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{'a':1}", "{a:1}", "NaN", "Infinity",
                "{\"price\":NaN}", "{\"quantity\":01}", "{\"price\":1.}", "{\"price\":-}", "{\"price\":.5}",
                "{\"page\":\"\\x\"}", "{\"page\":\"a\u0001b\"}", "{\"page\":\"tab\there\"}", "\uFEFF{}",
                "{\"event_id\":1 \"x\":2}", "// comment\n{}", "{\"a\":[1,2}", "{\"a\":{\"b\":1]}", "[}",
                "{\"product_id\":" + "9".repeat(1_001) + "}", "{\"x\":" + "9".repeat(1_001) + "}",
                "{\"price\":" + "9".repeat(999) + ".5}", "{\"x\":[" + "1e400,".repeat(50) + "0]}"));
        inputs.add("[".repeat(2_000) + "]".repeat(2_000));
        inputs.add("{\"x\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}");
        inputs.add("{\"x\":" + "{\"y\":".repeat(300) + "1" + "}".repeat(300) + "}");
        for (String input : inputs) {
            assertEquivalent(input.getBytes(StandardCharsets.UTF_8));
            assertThat(ClickEventCodec.decode(input)).isEqualTo(ClickEventCodec.decode(bytes(input)));
        }
        assertThat(ClickEventCodec.decode(new byte[0])).isEqualTo(expected(new byte[0]).result());
    }

    @Test
    void truncatedAtEveryPosition() {
        Random random = new Random(SEED + 3);
        for (int n = 0; n < 3; n++) {
            List<String[]> entries = new ArrayList<>();
            randomEvent(random).forEach((k, v) -> entries.add(new String[] { k, v }));
            entries.add(5, new String[] { "extra", "{\"a\":[1,-2.50,{\"b\":\"caf\u00e9\"}],\"c\":null,\"d\":true}" });
            byte[] full = json(entries, n == 1);
            int unreadable = 0;
            for (int length = 0; length <= full.length; length++) {
                byte[] prefix = java.util.Arrays.copyOf(full, length);
                if (expected(prefix).result() == null || !expected(prefix).result().isValid()) {
                    unreadable++;
                }
                assertEquivalent(prefix);
            }
            assertThat(unreadable).isEqualTo(full.length); // only the whole record decodes
        }
    }

    @Test
    void randomByteCorruption() {
        Random random = new Random(SEED + 4);
        byte[] interesting = bytes("\"{}[],:\\ 0-.eE\u00e9tfn");
        int[] outcomes = new int[3];
        for (int i = 0; i < 20_000; i++) {
            List<String[]> entries = new ArrayList<>();
            randomEvent(random).forEach((k, v) -> entries.add(new String[] { k, v }));
            if (random.nextBoolean()) {
                entries.add(random.nextInt(entries.size()), new String[] { "extra", pick(random, VALUES) });
            }
            byte[] value = json(entries, random.nextInt(5) == 0);
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(value.length);
                switch (random.nextInt(4)) {
                    case 0 -> value[at] = (byte) random.nextInt(256);
                    case 1 -> value[at] = interesting[random.nextInt(interesting.length)];
                    case 2 -> value[at] = (byte) (0x80 + random.nextInt(0x80));
                    default -> {
                        byte[] shorter = new byte[value.length - 1];
                        System.arraycopy(value, 0, shorter, 0, at);
                        System.arraycopy(value, at + 1, shorter, at, value.length - at - 1);
                        value = shorter;
                    }
                }
            }
            Expected expected = expected(value);
            outcomes[expected.result() == null ? 0 : expected.result().isValid() ? 2 : 1]++;
            assertEquivalent(value);
        }
        // each kind of outcome occurred: unreadable, read but invalid, and (for harmless changes) valid
        assertThat(java.util.Arrays.stream(outcomes).min().getAsInt()).as(java.util.Arrays.toString(outcomes))
                .isGreaterThan(100);
    }

    /**
     * A float with an exponent BigDecimal cannot hold makes the tree throw (not an IOException, so decode
     * throws today); the streaming decoder throws the same, wherever the number is.
     */
    @Test
    void numbersNoDecimalCanHoldAreInvalidJsonNotAnException() {
        // the tree throws for these; the decoder must not, so that a consumer can dead-letter the record
        for (String input : List.of("{\"price\":1e999999999999}", "{\"x\":[1e999999999999]}",
                "{\"product_id\":1e-2147483648}", "1e999999999999")) {
            Expected expected = expected(bytes(input));
            assertThat(expected.thrown()).as(input).isNotNull();
            DecodeResult result = ClickEventCodec.decode(bytes(input));
            assertThat(result.isValid()).as(input).isFalse();
            assertThat(result.reason()).as(input).startsWith("$: not valid JSON: number out of range");
        }
    }

}
