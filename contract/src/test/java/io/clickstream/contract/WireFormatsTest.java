package io.clickstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The hand-written format checks: an event time is a strict ISO local date-time (no 24:00, no leap second) in the
 * contract's shape (UTC {@code Z}, 0 or 1 to 9 fraction digits); an event id is a canonical UUID.
 */
class WireFormatsTest {

    private static final Pattern CONTRACT_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern CANONICAL_UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Test
    void eventTimesAreStrictIsoDateTimesInTheContractShape() {
        Random random = new Random(42);
        List<String> inputs = new ArrayList<>(List.of("2026-11-25T10:01:51.123Z", "2026-11-25T10:01:51Z",
                "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-31T23:59:59.999999999Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-25T24:00:00Z", "2026-11-25T23:59:60Z",
                "2026-11-25T10:01:51.Z", "2026-11-25T10:01:51.1234567890Z", "2026-11-25t10:01:51Z", "2026-11-25T10:01:51z",
                "2026-11-25T10:01:51+01:00", "2026-11-25T10:01:51.123+01:00", "+2026-11-25T10:01:51Z", "2026-1-25T10:01:51Z",
                "2026-11-25 10:01:51Z", "2026-00-10T10:01:51Z", "2026-11-00T10:01:51Z", "2026-11-25T10:60:51Z",
                "2026-11-25T10:01:5xZ", "2026-11-25T10:01:51.12a4Z", "yesterday", "", "2026-11-25T10:01:51.000Z"));
        String digitsAndMore = "0123456789-T:.Z+tz ";
        for (int k = 0; k < 20_000; k++) {
            // plausible shapes with random field values, then random single-character changes
            String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
                    random.nextInt(3) == 0 ? "" : "." + "123456789".substring(0, 1 + random.nextInt(9)));
            if (random.nextInt(4) == 0) {
                char[] chars = s.toCharArray();
                chars[random.nextInt(chars.length)] = digitsAndMore.charAt(random.nextInt(digitsAndMore.length()));
                s = new String(chars);
            }
            inputs.add(s);
        }
        int accepted = 0;
        for (String s : inputs) {
            Object reference = CONTRACT_SHAPE.matcher(s).matches() ? outcome(() -> LocalDateTime
                    .parse(s.substring(0, s.length() - 1), DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)) : null;
            Instant parsed = WireFormats.parseEventTime(s);
            assertThat(parsed).as(s).isEqualTo(reference instanceof Instant ? reference : null);
            accepted += parsed != null ? 1 : 0;
        }
        assertThat(accepted).as("accepted inputs").isGreaterThan(5_000);
        assertThat(WireFormats.parseEventTime("2026-11-25T10:01:51+01:00")).isNull();
        assertThat(WireFormats.parseEventTime("2026-11-25T10:01:51.123Z")).isEqualTo(Instant.parse("2026-11-25T10:01:51.123Z"));
    }

    @Test
    void eventIdsAreCanonicalUuids() {
        Random random = new Random(7);
        List<String> inputs = new ArrayList<>(List.of("3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f",
                "3F1C2A9E-8D7B-4C6A-9E5F-0A1B2C3D4E5F", "1-1-1-1-1", "not-a-uuid", "", "3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5",
                "3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5fa", "3f1c2a9e8d7b-4c6a-9e5f-0a1b2c3d4e5f-", "3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5g",
                "+f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f", "3f1c2a9e-+d7b-4c6a-9e5f-0a1b2c3d4e5f"));
        String chars = "0123456789abcdefABCDEFgG-+x ";
        for (int k = 0; k < 20_000; k++) {
            char[] c = UUID.randomUUID().toString().toCharArray();
            if (random.nextInt(3) == 0) {
                c[random.nextInt(c.length)] = chars.charAt(random.nextInt(chars.length()));
            }
            inputs.add(new String(c));
        }
        for (String s : inputs) {
            boolean canonical = CANONICAL_UUID.matcher(s).matches();
            assertThat(WireFormats.isUuid(s)).as(s).isEqualTo(canonical);
            if (canonical) {
                assertThat(UUID.fromString(s).toString()).isEqualToIgnoringCase(s);
            }
        }
    }

    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return e.getClass();
        }
    }
}
