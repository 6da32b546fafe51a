package io.clickstream.contract;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link ClickEventCodec#decode(byte[])}: reads the common shape of a click event (one flat
 * JSON object of the contract's fields, ASCII strings without escapes, plain integers and decimals,
 * {@code true}/{@code false}/{@code null}) straight from the bytes, with no parser or symbol table.
 * <p>
 * Values of the fields that repeat across events (store, page, referrer, campaign fields, ad, device, type,
 * country) come from a small shared table of recently seen strings, matched against the bytes without
 * allocating: a consumer holding many events keeps one copy of each such value.
 * <p>
 * It either reads the whole object and fills the fields exactly as the Jackson path would, or gives up
 * ({@code false}) as soon as it meets anything else (an unknown field, an escape, a non-ASCII byte, an
 * exponent, a nested value, malformed JSON...), and the Jackson path decodes the record from the start. So it
 * only decides how fast a record is read, never what is read; the equivalence tests hold it to that.
 */
final class FlatJsonScanner {

    /** Larger inputs go to the Jackson path, which enforces its read constraints. */
    static final int MAX_LENGTH = 64 * 1024;
    /** Digits of an integer part or a fraction read here: 9 always fit an int. */
    private static final int MAX_DIGITS = 9;

    private static final byte[][] NAMES;
    /** Per slot, a table of recently seen values (null for fields that rarely repeat, such as ids and times). */
    private static final String[][] SHARED;
    /** Entries per shared table; a value hashing to a taken entry replaces it. */
    static final int SHARED_SIZE = 2_048;

    static {
        NAMES = new byte[ClickEventCodec.NAMES.length][];
        SHARED = new String[NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = ClickEventCodec.NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
        for (String repeated : new String[] { "store_id", "event_type", "page", "referrer", "utm_source", "utm_medium",
                "utm_campaign", "ad_id", "device", "country", "experiment_id", "variant", "coupon_code" }) {
            SHARED[java.util.Arrays.asList(ClickEventCodec.NAMES).indexOf(repeated)] = new String[SHARED_SIZE];
        }
    }

    /** Receives the fields of the object as they are read (a field met twice is given twice: the last one wins). */
    interface Target {
        /** An ASCII string without escapes: {@code b[start, end)}. */
        void string(int slot, byte[] b, int start, int end);

        /** A number without exponent: {@code unscaled / 10^scale}, at most 9 digits on each side of the point. */
        void number(int slot, long unscaled, int scale);

        /** {@code null}, {@code true} or {@code false}: the JSON type name. */
        void literal(int slot, String kind);
    }

    private final byte[] b;
    private int i;
    /** The slot after the last field read: writers usually follow the contract's order. */
    private int expected;

    private FlatJsonScanner(byte[] b) {
        this.b = b;
    }

    /** Reads {@code value} into {@code raw}; false if the Jackson path must decide (then raw is to be discarded). */
    static boolean scan(byte[] value, Target raw) {
        if (value.length > MAX_LENGTH) {
            return false;
        }
        try {
            return new FlatJsonScanner(value).object(raw);
        } catch (ArrayIndexOutOfBoundsException e) {
            return false; // truncated input: the Jackson path names the problem
        }
    }

    private boolean object(Target raw) {
        skipWhitespace();
        if (b[i++] != '{') {
            return false;
        }
        skipWhitespace();
        if (b[i] == '}') {
            return true;
        }
        while (true) {
            if (b[i++] != '"') {
                return false;
            }
            int start = i;
            int end = asciiStringEnd();
            if (end < 0) {
                return false;
            }
            int slot = slotOf(start, end);
            if (slot < 0) {
                return false;
            }
            skipWhitespace();
            if (b[i++] != ':') {
                return false;
            }
            skipWhitespace();
            if (!value(raw, slot)) {
                return false;
            }
            skipWhitespace();
            byte c = b[i++];
            if (c == '}') {
                return true; // as with the Jackson path, nothing after the object is read
            }
            if (c != ',') {
                return false;
            }
            skipWhitespace();
        }
    }

    private boolean value(Target raw, int slot) {
        byte c = b[i];
        if (c == '"') {
            int start = ++i;
            int end = asciiStringEnd();
            if (end < 0) {
                return false;
            }
            raw.string(slot, b, start, end);
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(raw, slot);
        }
        if (literal("null")) {
            raw.literal(slot, ClickEventCodec.KIND_NULL);
            return true;
        }
        if (slot >= ClickEventCodec.FIRST_V2_SLOT) {
            return false; // a version 2 field may be rescued whole: the Jackson path keeps any other value
        }
        if (literal("true") || literal("false")) {
            raw.literal(slot, ClickEventCodec.KIND_BOOLEAN);
            return true;
        }
        return false;
    }

    /** The ASCII bytes {@code b[start, end)} as a string, shared with earlier events for repeating fields. */
    static String string(int slot, byte[] b, int start, int end) {
        String[] table = SHARED[slot];
        if (table == null) {
            return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        }
        int hash = 0;
        for (int k = start; k < end; k++) {
            hash = 31 * hash + b[k];
        }
        int at = (hash ^ (hash >>> 16)) & (SHARED_SIZE - 1);
        String known = table[at]; // a racy read is fine: strings are immutable and safely published
        if (known != null && known.length() == end - start) {
            boolean same = true;
            for (int k = 0; k < end - start && same; k++) {
                same = known.charAt(k) == b[start + k];
            }
            if (same) {
                return known;
            }
        }
        String s = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        table[at] = s;
        return s;
    }

    /** JSON's number grammar without an exponent and with at most 9 digits before and after the point. */
    private boolean number(Target raw, int slot) {
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled;
        int scale = 0;
        if (b[i] == '0') {
            unscaled = 0;
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            int start = i;
            unscaled = digits();
            if (i - start > MAX_DIGITS) {
                return false;
            }
        } else {
            return false;
        }
        if (b[i] == '.') {
            i++;
            int start = i;
            long fraction = digits();
            scale = i - start;
            if (scale == 0 || scale > MAX_DIGITS) {
                return false;
            }
            for (int s = 0; s < scale; s++) {
                unscaled *= 10;
            }
            unscaled += fraction;
        }
        byte next = b[i];
        if (next != ',' && next != '}' && !isWhitespace(next)) {
            return false; // an exponent, a leading zero followed by digits, or garbage
        }
        if (negative) {
            unscaled = -unscaled;
        }
        raw.number(slot, unscaled, scale);
        return true;
    }

    private long digits() {
        long v = 0;
        int n = 0;
        while (b[i] >= '0' && b[i] <= '9') {
            if (n++ < MAX_DIGITS + 1) {
                v = v * 10 + (b[i] - '0');
            }
            i++;
        }
        return v;
    }

    private boolean literal(String word) {
        int n = word.length();
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        byte next = b[i + n];
        if (next != ',' && next != '}' && !isWhitespace(next)) {
            return false;
        }
        i += n;
        return true;
    }

    /** From just after an opening quote: the index of the closing quote, or -1 for an escape, a control or non-ASCII byte. */
    private int asciiStringEnd() {
        while (true) {
            byte c = b[i];
            if (c == '"') {
                return i++;
            }
            if (c == '\\' || c < 0x20) { // a negative byte is non-ASCII
                return -1;
            }
            i++;
        }
    }

    private int slotOf(int start, int end) {
        int length = end - start;
        if (expected < NAMES.length && is(NAMES[expected], start, length)) {
            return expected++;
        }
        for (int s = 0; s < NAMES.length; s++) {
            if (is(NAMES[s], start, length)) {
                expected = s + 1;
                return s;
            }
        }
        return -1;
    }

    private boolean is(byte[] name, int start, int length) {
        if (name.length != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (name[k] != b[start + k]) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (isWhitespace(b[i])) {
            i++;
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
