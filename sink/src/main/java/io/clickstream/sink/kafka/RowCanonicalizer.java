package io.clickstream.sink.kafka;

import java.util.concurrent.ConcurrentHashMap;

import io.clickstream.contract.ClickEvent;

/**
 * Makes decoded events share one instance per distinct value of their repeated fields (store, page,
 * referrer, campaign fields, ad, country, product and category ids). A batch holds up to
 * {@code sink.batch.max-records} events for seconds: sharing those values keeps it about a third
 * smaller, which means less for the garbage collector to copy, and lets the Parquet writer match
 * repeated strings by identity. Thread-safe; the table of values is bounded.
 */
final class RowCanonicalizer {

    /** Distinct strings remembered; later new values are kept as decoded. */
    static final int MAX_STRINGS = 16_384;
    private static final Integer[] SMALL_INTS = new Integer[ClickEvent.MAX_PRODUCT_ID + 1];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = i;
        }
    }

    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

    ClickEvent canonical(ClickEvent e) {
        return new ClickEvent(e.eventId(), e.eventTime(), string(e.storeId()), e.sessionId(), e.userId(),
                e.eventType(), string(e.page()), integer(e.productId()), integer(e.categoryId()), e.price(),
                integer(e.quantity()), string(e.referrer()), string(e.utmSource()), string(e.utmMedium()),
                string(e.utmCampaign()), string(e.adId()), e.device(), string(e.country()), e.schemaVersion());
    }

    private String string(String s) {
        if (s == null) {
            return null;
        }
        String known = strings.get(s);
        if (known != null) {
            return known;
        }
        if (strings.size() >= MAX_STRINGS) {
            return s;
        }
        known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private static Integer integer(Integer i) {
        if (i == null || i < 0 || i >= SMALL_INTS.length) {
            return i;
        }
        return SMALL_INTS[i];
    }
}
