package io.clickstream.contract;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The contract's string formats, read by hand. The JSON Schema states the same rules as patterns (plus
 * {@code format: date-time} for calendar validity), and tests hold the two to the same answers:
 * <ul>
 * <li>{@code event_time}: {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, UTC only, 0 or 1 to 9 fraction digits, upper-case
 * {@code T} and {@code Z}, a real calendar date, no leap second. Producers should send milliseconds.</li>
 * <li>{@code event_id}: the canonical 8-4-4-4-12 hexadecimal UUID (either case); {@link java.util.UUID#fromString}'s
 * looser forms such as {@code 1-1-1-1-1} are not accepted.</li>
 * </ul>
 */
final class WireFormats {

    private WireFormats() {
    }

    /** The instant of a contract timestamp, or null if {@code s} is not one. */
    static Instant parseEventTime(CharSequence s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int k = fractionDigits; k < 9; k++) {
                nanos *= 10;
            }
        }
        LocalDate date = LocalDate.of(year, month, 1);
        if (day > date.lengthOfMonth()) {
            return null;
        }
        long epochDay = date.toEpochDay() + day - 1;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The value of {@code count} (at most 9) ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The characters a version 2 field may hold, as the schema's negated character class states them. */
    enum CharClass {
        EXPERIMENT_ID("a-z, 0-9, '_', '.', '-'", "_.-", true, false),
        VARIANT("a-z, A-Z, 0-9, '_', '-'", "_-", true, true),
        COUPON_CODE("A-Z, 0-9, '-'", "-", false, true);

        private final String description;
        private final String punctuation;
        private final boolean lower;
        private final boolean upper;

        CharClass(String description, String punctuation, boolean lower, boolean upper) {
            this.description = description;
            this.punctuation = punctuation;
            this.lower = lower;
            this.upper = upper;
        }

        boolean allows(char c) {
            return (c >= '0' && c <= '9') || (lower && c >= 'a' && c <= 'z') || (upper && c >= 'A' && c <= 'Z')
                    || punctuation.indexOf(c) >= 0;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static final CharClass EXPERIMENT_ID_CHARS = CharClass.EXPERIMENT_ID;
    static final CharClass VARIANT_CHARS = CharClass.VARIANT;
    static final CharClass COUPON_CODE_CHARS = CharClass.COUPON_CODE;

    /**
     * True if {@code s} has {@code min..max} characters, each allowed. Only ASCII is allowed, so UTF-16 units and the
     * code points JSON Schema's {@code minLength}/{@code maxLength} count are the same here.
     */
    static boolean isToken(String s, int min, int max, CharClass allowed) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (!allows(allowed, s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allows(CharClass allowed, char c) {
        return allowed.allows(c);
    }

    /** True if {@code s} is a canonical 8-4-4-4-12 hexadecimal UUID. */
    static boolean isUuid(CharSequence s) {
        if (s.length() != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            char c = s.charAt(k);
            boolean ok = k == 8 || k == 13 || k == 18 || k == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
