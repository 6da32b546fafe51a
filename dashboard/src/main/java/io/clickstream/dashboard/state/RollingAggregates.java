package io.clickstream.dashboard.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;

/**
 * Rolling aggregates over the last minute (60 × 1 s buckets) and the last 15 minutes (90 × 10 s buckets),
 * bucketed by the time the dashboard received each event. Thread-safe; memory bounded by construction.
 */
public final class RollingAggregates {

    /** Campaigns and ads listed per window, most active first. */
    static final int MAX_LISTED = 50;

    private final int topN;
    private final int maxKeys;
    private final long startedAt;
    private final RollingWindow[] windows = {
            new RollingWindow("1m", 1_000, 60),
            new RollingWindow("15m", 10_000, 90) };
    private final SessionTracker sessions;

    public RollingAggregates(int topN, int maxKeys, int maxSessions, long sessionTimeoutMillis, long startedAt) {
        this.topN = topN;
        this.maxKeys = maxKeys;
        this.startedAt = startedAt;
        this.sessions = new SessionTracker(maxSessions, sessionTimeoutMillis);
    }

    public synchronized void record(ClickEvent event, long now) {
        for (RollingWindow w : windows) {
            w.add(event, now, maxKeys);
        }
        sessions.record(event, now);
    }

    public synchronized int trackedSessions() {
        return sessions.size();
    }

    public synchronized List<WindowStats> snapshot(long now) {
        sessions.expire(now);
        List<WindowStats> result = new ArrayList<>(windows.length);
        for (RollingWindow w : windows) {
            result.add(stats(w, now));
        }
        return result;
    }

    private WindowStats stats(RollingWindow w, long now) {
        CountBucket sum = w.sum(now);
        long from = Math.max(w.windowStart(now), startedAt);
        double covered = Math.max(1.0, (now - from) / 1000.0);

        List<WindowStats.StoreRate> stores = new ArrayList<>();
        sum.stores.forEach((k, v) -> stores.add(new WindowStats.StoreRate(k, v[0], v[0] / covered)));
        stores.sort(Comparator.comparingLong(WindowStats.StoreRate::events).reversed()
                .thenComparing(WindowStats.StoreRate::storeId));

        Map<String, Long> byType = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            byType.put(t.wire(), sum.byType[t.ordinal()]);
        }

        List<WindowStats.ProductCount> products = new ArrayList<>();
        for (int p = 1; p < sum.productEvents.length; p++) {
            if (sum.productEvents[p] > 0) {
                products.add(new WindowStats.ProductCount(p, sum.productEvents[p], sum.productPurchases[p]));
            }
        }
        products.sort(Comparator.comparingLong(WindowStats.ProductCount::events).reversed()
                .thenComparingInt(WindowStats.ProductCount::productId));

        List<WindowStats.CategoryCount> categories = new ArrayList<>();
        for (int c = 1; c < sum.categoryEvents.length; c++) {
            if (sum.categoryEvents[c] > 0) {
                categories.add(new WindowStats.CategoryCount(c, sum.categoryEvents[c]));
            }
        }
        categories.sort(Comparator.comparingLong(WindowStats.CategoryCount::events).reversed()
                .thenComparingInt(WindowStats.CategoryCount::categoryId));

        long[] funnelCounts = sessions.funnel(now - w.spanMillis());
        return new WindowStats(w.name(), w.spanMillis() / 1000, covered, sum.events, sum.events / covered,
                stores, byType, head(products, topN), head(categories, topN), funnel(funnelCounts),
                attributions(sum.campaigns), attributions(sum.ads), funnelCounts[0], w.series(now));
    }

    private static WindowStats.Funnel funnel(long[] counts) {
        List<WindowStats.FunnelStep> steps = new ArrayList<>(SessionTracker.STEPS.length);
        for (int i = 0; i < SessionTracker.STEPS.length; i++) {
            Double conversion = i == 0 ? null : ratio(counts[i + 1], counts[i]);
            steps.add(new WindowStats.FunnelStep(SessionTracker.STEPS[i].wire(), counts[i + 1], conversion));
        }
        return new WindowStats.Funnel(counts[0], steps, ratio(counts[SessionTracker.STEPS.length], counts[1]));
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static List<WindowStats.Attribution> attributions(Map<String, CountBucket.Attribution> byName) {
        List<WindowStats.Attribution> list = new ArrayList<>(byName.size());
        byName.forEach((name, a) -> list.add(
                new WindowStats.Attribution(name, a.events, a.clicks, a.purchases, a.revenue())));
        list.sort(Comparator.comparingLong(WindowStats.Attribution::events).reversed()
                .thenComparing(WindowStats.Attribution::name));
        return head(list, MAX_LISTED);
    }

    private static <T> List<T> head(List<T> list, int n) {
        return list.size() <= n ? list : List.copyOf(list.subList(0, n));
    }
}
