package io.clickstream.contract;

import static io.clickstream.contract.GeneratedRecords.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

/**
 * The published JSON Schema and {@link ClickEventCodec#decode(byte[])} give the same verdict on the same bytes:
 * an event other teams' validators accept is one the sink accepts, and the other way round. Tens of thousands of
 * generated records, near-miss formats included.
 */
class SchemaAgreementTest {

    private static JsonSchema schema;

    @BeforeAll
    static void load() {
        schema = PublishedSchema.load();
    }

    @Test
    void validEventsAndEveryFieldSetToEveryKindOfValue() {
        Random random = new Random(11);
        int[] verdicts = new int[2];
        for (int i = 0; i < 2_000; i++) {
            count(verdicts, assertSameVerdict(json(randomEvent(random), random.nextBoolean())));
        }
        for (String field : ClickEventCodec.FIELDS) {
            Map<String, String> event = randomEvent(random);
            event.put("product_id", "57");
            event.put("category_id", "8");
            Map<String, String> removed = new LinkedHashMap<>(event);
            removed.remove(field);
            count(verdicts, assertSameVerdict(json(removed, false)));
            for (String value : VALUES) {
                Map<String, String> changed = new LinkedHashMap<>(event);
                changed.put(field, value);
                count(verdicts, assertSameVerdict(json(changed, false)));
            }
        }
        for (int i = 0; i < 5_000; i++) {
            Map<String, String> event = randomEvent(random);
            for (int c = 1 + random.nextInt(3); c > 0; c--) {
                event.put(pick(random, new ArrayList<>(ClickEventCodec.FIELDS)), pick(random, VALUES));
            }
            count(verdicts, assertSameVerdict(json(event, false)));
        }
        assertThat(verdicts[0]).as("invalid records").isGreaterThan(3_000);
        assertThat(verdicts[1]).as("valid records").isGreaterThan(2_000);
    }

    @Test
    void productAndCategoryPairs() {
        Random random = new Random(12);
        int[] verdicts = new int[2];
        for (int product = 0; product <= 671; product++) {
            for (int category = 0; category <= 11; category++) {
                Map<String, String> event = randomEvent(random);
                event.put("product_id", Integer.toString(product));
                event.put("category_id", Integer.toString(category));
                count(verdicts, assertSameVerdict(json(event, false)));
            }
        }
        assertThat(verdicts[1]).as("valid pairs").isEqualTo(670);
    }

    @Test
    void eventTimesNearTheFormat() {
        Random random = new Random(13);
        String alphabet = "0123456789-T:.Z+tz ";
        int[] verdicts = new int[2];
        for (int i = 0; i < 10_000; i++) {
            String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
                    random.nextInt(3) == 0 ? "" : "." + "1234567890".substring(0, 1 + random.nextInt(10)));
            count(verdicts, assertSameVerdict("event_time", mutate(s, alphabet, random)));
        }
        assertThat(verdicts[0]).isGreaterThan(1_000);
        assertThat(verdicts[1]).isGreaterThan(1_000);
    }

    @Test
    void eventIdsNearTheFormat() {
        Random random = new Random(14);
        String alphabet = "0123456789abcdefABCDEFgG-+x {}";
        int[] verdicts = new int[2];
        for (int i = 0; i < 10_000; i++) {
            String s = new UUID(random.nextLong(), random.nextLong()).toString();
            if (random.nextInt(8) == 0) {
                s = Long.toHexString(random.nextLong() & 0xffff) + "-1-1-1-" + random.nextInt(100);
            }
            count(verdicts, assertSameVerdict("event_id", mutate(s, alphabet, random)));
        }
        assertThat(verdicts[0]).isGreaterThan(1_000);
        assertThat(verdicts[1]).isGreaterThan(1_000);
    }

    /** Half of the strings unchanged, the rest with a character replaced, removed or added. */
    private static String mutate(String s, String alphabet, Random random) {
        StringBuilder b = new StringBuilder(s);
        switch (random.nextInt(6)) {
            case 0 -> b.setCharAt(random.nextInt(b.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            case 1 -> b.deleteCharAt(random.nextInt(b.length()));
            case 2 -> b.insert(random.nextInt(b.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
            default -> {
            }
        }
        return b.toString();
    }

    private static boolean assertSameVerdict(String field, String value) {
        Map<String, String> event = randomEvent(new Random(value.hashCode()));
        event.put(field, quote(value));
        return assertSameVerdict(json(event, false));
    }

    /** Asserts that the schema and the decoder agree on the bytes; returns whether both accept them. */
    private static boolean assertSameVerdict(byte[] value) {
        JsonNode tree;
        try {
            tree = ClickEventCodec.mapper().readTree(value);
        } catch (IOException e) {
            throw new AssertionError("generated record is not JSON: " + new String(value), e);
        }
        Set<ValidationMessage> errors = schema.validate(tree);
        DecodeResult decoded = ClickEventCodec.decode(value);
        Function<Object, String> show = o -> String.valueOf(o);
        assertThat(decoded.isValid())
                .as("%s%n schema errors: %s%n decoder violations: %s", tree, show.apply(errors),
                        show.apply(decoded.violations()))
                .isEqualTo(errors.isEmpty());
        return errors.isEmpty();
    }

    private static void count(int[] verdicts, boolean valid) {
        verdicts[valid ? 1 : 0]++;
    }
}
