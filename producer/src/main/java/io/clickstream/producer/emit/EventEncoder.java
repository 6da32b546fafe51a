package io.clickstream.producer.emit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;

/**
 * Writes an event as the same JSON bytes as {@link ClickEventCodec#encode}, field by field with one Jackson
 * streaming generator kept across events, instead of a data-binding pass per event (reflection on every accessor,
 * a serializer provider and generator per call): at full speed the binding was the largest single cost of the
 * emitting thread. Event times share a formatted prefix per second.
 * <p>
 * Not thread-safe: one instance per emitting thread.
 */
final class EventEncoder {

    private static final SerializedString EVENT_ID = name("event_id"), EVENT_TIME = name("event_time"),
            STORE_ID = name("store_id"), SESSION_ID = name("session_id"), USER_ID = name("user_id"),
            EVENT_TYPE = name("event_type"), PAGE = name("page"), PRODUCT_ID = name("product_id"),
            CATEGORY_ID = name("category_id"), PRICE = name("price"), QUANTITY = name("quantity"),
            REFERRER = name("referrer"), UTM_SOURCE = name("utm_source"), UTM_MEDIUM = name("utm_medium"),
            UTM_CAMPAIGN = name("utm_campaign"), AD_ID = name("ad_id"), DEVICE = name("device"),
            COUNTRY = name("country"), SCHEMA_VERSION = name("schema_version"), EXPERIMENT_ID = name("experiment_id"),
            VARIANT = name("variant"), COUPON_CODE = name("coupon_code");
    /** {@code yyyy-MM-ddTHH:mm:ss.} */
    private static final int TIME_PREFIX = 20;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
    private JsonGenerator generator = newGenerator();
    /** The event time being written: the cached second's prefix, then millis and {@code Z}. */
    private final char[] time = new char[TIME_PREFIX + 4];
    private long timeSecond = Long.MIN_VALUE;

    byte[] encode(ClickEvent e) {
        try {
            JsonGenerator g = generator;
            g.writeStartObject();
            string(g, EVENT_ID, e.eventId());
            g.writeFieldName(EVENT_TIME);
            writeTime(g, e.eventTime());
            string(g, STORE_ID, e.storeId());
            string(g, SESSION_ID, e.sessionId());
            string(g, USER_ID, e.userId());
            string(g, EVENT_TYPE, e.eventType() == null ? null : e.eventType().wire());
            string(g, PAGE, e.page());
            number(g, PRODUCT_ID, e.productId());
            number(g, CATEGORY_ID, e.categoryId());
            g.writeFieldName(PRICE);
            g.writeNumber(e.price()); // null as null; else BigDecimal.toString(), as the mapper writes it
            number(g, QUANTITY, e.quantity());
            string(g, REFERRER, e.referrer());
            string(g, UTM_SOURCE, e.utmSource());
            string(g, UTM_MEDIUM, e.utmMedium());
            string(g, UTM_CAMPAIGN, e.utmCampaign());
            string(g, AD_ID, e.adId());
            string(g, DEVICE, e.device() == null ? null : e.device().wire());
            string(g, COUNTRY, e.country());
            g.writeFieldName(SCHEMA_VERSION);
            g.writeNumber(e.schemaVersion());
            // the version 2 fields are left out when null (the contract's NON_NULL)
            optionalString(g, EXPERIMENT_ID, e.experimentId());
            optionalString(g, VARIANT, e.variant());
            optionalString(g, COUPON_CODE, e.couponCode());
            g.writeEndObject();
            g.flush();
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        } catch (IOException | RuntimeException ex) {
            // a half-written object would corrupt the next event: start over with a fresh generator
            out.reset();
            generator = newGenerator();
            throw ex instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) ex;
        }
    }

    private void writeTime(JsonGenerator g, Instant t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        long second = t.getEpochSecond();
        if (second != timeSecond) {
            ClickEventCodec.formatEventTime(Instant.ofEpochSecond(second)).getChars(0, TIME_PREFIX, time, 0);
            timeSecond = second;
        }
        int millis = t.getNano() / 1_000_000;
        time[TIME_PREFIX] = (char) ('0' + millis / 100);
        time[TIME_PREFIX + 1] = (char) ('0' + millis / 10 % 10);
        time[TIME_PREFIX + 2] = (char) ('0' + millis % 10);
        time[TIME_PREFIX + 3] = 'Z';
        g.writeString(time, 0, time.length);
    }

    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value); // null as null
    }

    private static void optionalString(JsonGenerator g, SerializedString name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    private static void number(JsonGenerator g, SerializedString name, Integer value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.intValue());
        }
    }

    private JsonGenerator newGenerator() {
        try {
            JsonGenerator g = ClickEventCodec.mapper().getFactory().createGenerator(out);
            // one JSON object per record: no separator between successive root values
            g.setRootValueSeparator(null);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SerializedString name(String name) {
        return new SerializedString(name);
    }
}
