package io.clickstream.dashboard.state;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;

/**
 * Counts of the events of one time slice. Memory is bounded: products, categories and event types are
 * arrays; stores, campaigns and ads keep at most {@code maxKeys} names each, the rest go to {@link #OTHER}.
 * Not thread-safe: {@link RollingAggregates} guards it.
 */
final class CountBucket {

    static final String OTHER = "(other)";
    private static final EventType[] TYPES = EventType.values();

    long start = Long.MIN_VALUE;
    long events;
    final long[] byType = new long[TYPES.length];
    final long[] productEvents = new long[ClickEvent.MAX_PRODUCT_ID + 1];
    final long[] productPurchases = new long[ClickEvent.MAX_PRODUCT_ID + 1];
    final long[] categoryEvents = new long[ClickEvent.CATEGORY_COUNT + 1];
    final Map<String, long[]> stores = new HashMap<>();
    final Map<String, Attribution> campaigns = new HashMap<>();
    final Map<String, Attribution> ads = new HashMap<>();

    /** Clicks, purchases and revenue attributed to one campaign or ad. */
    static final class Attribution {
        long events;
        long clicks;
        long purchases;
        long revenueCents;

        void add(Attribution other) {
            events += other.events;
            clicks += other.clicks;
            purchases += other.purchases;
            revenueCents += other.revenueCents;
        }

        BigDecimal revenue() {
            return BigDecimal.valueOf(revenueCents, 2);
        }
    }

    void reset(long newStart) {
        start = newStart;
        events = 0;
        Arrays.fill(byType, 0);
        Arrays.fill(productEvents, 0);
        Arrays.fill(productPurchases, 0);
        Arrays.fill(categoryEvents, 0);
        stores.clear();
        campaigns.clear();
        ads.clear();
    }

    void add(ClickEvent e, int maxKeys) {
        events++;
        byType[e.eventType().ordinal()]++;
        boolean purchase = e.eventType() == EventType.PURCHASE;
        if (e.productId() != null) {
            productEvents[e.productId()]++;
            if (purchase) {
                productPurchases[e.productId()]++;
            }
        }
        if (e.categoryId() != null) {
            categoryEvents[e.categoryId()]++;
        }
        bounded(stores, e.storeId(), maxKeys, k -> new long[1])[0]++;
        if (e.utmCampaign() != null) {
            attribute(bounded(campaigns, e.utmCampaign(), maxKeys, k -> new Attribution()), e);
        }
        if (e.adId() != null) {
            attribute(bounded(ads, e.adId(), maxKeys, k -> new Attribution()), e);
        }
    }

    /** Adds another bucket's counts to this one (used to sum a window). */
    void add(CountBucket other) {
        events += other.events;
        addArray(byType, other.byType);
        addArray(productEvents, other.productEvents);
        addArray(productPurchases, other.productPurchases);
        addArray(categoryEvents, other.categoryEvents);
        other.stores.forEach((k, v) -> stores.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        other.campaigns.forEach((k, v) -> campaigns.computeIfAbsent(k, x -> new Attribution()).add(v));
        other.ads.forEach((k, v) -> ads.computeIfAbsent(k, x -> new Attribution()).add(v));
    }

    private static void attribute(Attribution a, ClickEvent e) {
        a.events++;
        if (e.eventType() == EventType.AD_CLICK) {
            a.clicks++;
        } else if (e.eventType() == EventType.PURCHASE) {
            a.purchases++;
            if (e.price() != null) {
                int quantity = e.quantity() == null ? 1 : e.quantity();
                a.revenueCents += e.price().movePointRight(2).longValue() * quantity;
            }
        }
    }

    private static <V> V bounded(Map<String, V> map, String key, int maxKeys,
            java.util.function.Function<String, V> create) {
        V v = map.get(key);
        if (v != null) {
            return v;
        }
        return map.computeIfAbsent(map.size() < maxKeys ? key : OTHER, create);
    }

    private static void addArray(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }
}
