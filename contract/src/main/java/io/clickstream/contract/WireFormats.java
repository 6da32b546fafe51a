package io.clickstream.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Fast checks of the contract's string formats. Each reads the canonical form by hand and leaves every other
 * input to the JDK's parser, so results (and failures) are exactly the JDK's: {@link Instant#parse} and
 * {@link UUID#fromString}.
 */
final class WireFormats {

    private WireFormats() {
    }

    /**
     * {@link Instant#parse}, fast for {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with 1 to 9 fraction digits.
     *
     * @throws java.time.format.DateTimeParseException as {@link Instant#parse} does
     */
    static Instant parseInstant(String s) {
        Instant fast = canonicalInstant(s);
        return fast != null ? fast : Instant.parse(s);
    }

    /** The instant of a canonical string with plain field values, or null for anything else. */
    static Instant canonicalInstant(String s) {
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
    private static int digits(String s, int from, int count) {
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

    /** True if {@link UUID#fromString} accepts {@code s}; fast for the canonical 8-4-4-4-12 hex form. */
    static boolean isUuid(String s) {
        if (isCanonicalUuid(s)) {
            return true;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isCanonicalUuid(String s) {
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
