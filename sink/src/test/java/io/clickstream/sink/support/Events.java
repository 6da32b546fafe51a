package io.clickstream.sink.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.Device;
import io.clickstream.contract.EventType;

/** Valid contract events for tests, spread over a few days and all event types. */
public final class Events {

    private static final EventType[] TYPES = EventType.values();
    private static final String[] STORES = { "wwi-toys", "wwi-novelty", "wwi-packaging" };

    private Events() {
    }

    /** As {@link #generate(int, long, Instant, long)}, as events of contract version 1. */
    public static List<ClickEvent> generateV1(int n, long seed, Instant start, long spacingMillis) {
        return generate(n, seed, start, spacingMillis).stream().map(e -> new ClickEvent(e.eventId(), e.eventTime(),
                e.storeId(), e.sessionId(), e.userId(), e.eventType(), e.page(), e.productId(), e.categoryId(), e.price(),
                e.quantity(), e.referrer(), e.utmSource(), e.utmMedium(), e.utmCampaign(), e.adId(), e.device(),
                e.country(), 1)).toList();
    }

    public static List<ClickEvent> generate(int n, long seed, Instant start, long spacingMillis) {
        return generate(0, n, seed, start, spacingMillis);
    }

    /** Events {@code from .. from+n-1} of the sequence for {@code seed}: the same index always gives the same event. */
    public static List<ClickEvent> generate(int from, int n, long seed, Instant start, long spacingMillis) {
        List<ClickEvent> events = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            Random random = new Random(seed * 1_000_003L + i);
            EventType type = TYPES[random.nextInt(TYPES.length)];
            Integer product = type.hasProduct() ? 1 + random.nextInt(ClickEvent.MAX_PRODUCT_ID) : null;
            boolean priced = type.hasPriceAndQuantity();
            String store = STORES[random.nextInt(STORES.length)];
            events.add(new ClickEvent(
                    new UUID(seed, i).toString(),
                    start.plusMillis(i * spacingMillis),
                    store,
                    "s-" + seed + "-" + (i % 97),
                    random.nextBoolean() ? null : "u-" + random.nextInt(1000),
                    type,
                    product == null ? "/" : "/product/" + product,
                    product,
                    product == null ? null : ClickEvent.categoryOf(product),
                    priced ? BigDecimal.valueOf(100 + random.nextInt(99_900), 2) : null,
                    priced ? 1 + random.nextInt(5) : null,
                    random.nextBoolean() ? "google" : null,
                    null, null, random.nextInt(5) == 0 ? "spring-sale" : null,
                    type == EventType.AD_CLICK ? "ad-" + random.nextInt(20) : null,
                    Device.values()[random.nextInt(3)],
                    random.nextBoolean() ? "US" : "DE",
                    ClickEvent.SCHEMA_VERSION));
        }
        return events;
    }
}
