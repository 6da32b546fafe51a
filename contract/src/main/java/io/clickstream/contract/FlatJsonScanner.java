package io.clickstream.contract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link ClickEventCodec#decode(byte[])}: reads the common shape of a click event (one flat
 * JSON object of the contract's fields, ASCII strings without escapes, plain integers and decimals,
 * {@code true}/{@code false}/{@code null}) straight from the bytes, with no parser or symbol table.
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

    static {
        NAMES = new byte[ClickEventCodec.NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = ClickEventCodec.NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final byte[] b;
    private int i;
    /** The slot after the last field read: writers usually follow the contract's order. */
    private int expected;

    private FlatJsonScanner(byte[] b) {
        this.b = b;
    }

    /** Reads {@code value} into {@code raw}; false if the Jackson path must decide (then raw is to be discarded). */
    static boolean scan(byte[] value, ClickEventCodec.RawFields raw) {
        if (value.length > MAX_LENGTH) {
            return false;
        }
        try {
            return new FlatJsonScanner(value).object(raw);
        } catch (ArrayIndexOutOfBoundsException e) {
            return false; // truncated input: the Jackson path names the problem
        }
    }

    private boolean object(ClickEventCodec.RawFields raw) {
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

    private boolean value(ClickEventCodec.RawFields raw, int slot) {
        byte c = b[i];
        if (c == '"') {
            int start = ++i;
            int end = asciiStringEnd();
            if (end < 0) {
                return false;
            }
            raw.put(slot, ClickEventCodec.KIND_STRING, new String(b, start, end - start, StandardCharsets.ISO_8859_1), null);
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(raw, slot);
        }
        if (literal("null")) {
            raw.put(slot, ClickEventCodec.KIND_NULL, null, null);
            return true;
        }
        if (literal("true") || literal("false")) {
            raw.put(slot, ClickEventCodec.KIND_BOOLEAN, null, null);
            return true;
        }
        return false;
    }

    /** JSON's number grammar without an exponent and with at most 9 digits before and after the point. */
    private boolean number(ClickEventCodec.RawFields raw, int slot) {
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
        raw.put(slot, ClickEventCodec.KIND_NUMBER, null,
                scale == 0 ? ClickEventCodec.intNode((int) unscaled) : ClickEventCodec.decimalNode(BigDecimal.valueOf(unscaled, scale)));
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
