package io.clickstream.dashboard.state;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The aggregates of one rolling window (the last minute or the last 15 minutes).
 *
 * @param window          its name, {@code 1m} or {@code 15m}
 * @param seconds         its nominal length
 * @param coveredSeconds  the seconds it covers now (less than {@code seconds} just after start)
 * @param events          events in the window
 * @param eventsPerSecond events / coveredSeconds
 * @param series          events per second of each complete time bucket, oldest first
 */
public record WindowStats(String window, long seconds, double coveredSeconds, long events, double eventsPerSecond,
        List<StoreRate> byStore, Map<String, Long> byEventType, List<ProductCount> topProducts,
        List<CategoryCount> topCategories, Funnel funnel, List<Attribution> campaigns, List<Attribution> ads,
        long activeSessions, List<RatePoint> series) {

    public record StoreRate(String storeId, long events, double eventsPerSecond) {
    }

    public record ProductCount(int productId, long events, long purchases) {
    }

    public record CategoryCount(int categoryId, long events) {
    }

    /** Purchases and clicks (ad_click events) attributed to a campaign ({@code utm_campaign}) or an ad ({@code ad_id}). */
    public record Attribution(String name, long events, long clicks, long purchases, BigDecimal revenue) {
    }

    /**
     * @param conversion sessions / sessions of the previous step (null for the first step or when that is 0)
     */
    public record FunnelStep(String step, long sessions, Double conversion) {
    }

    /**
     * @param sessions          sessions active in the window
     * @param steps             product view, add to cart, checkout, purchase
     * @param overallConversion purchase sessions / product view sessions
     */
    public record Funnel(long sessions, List<FunnelStep> steps, Double overallConversion) {
    }
}
