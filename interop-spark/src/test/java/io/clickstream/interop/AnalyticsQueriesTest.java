package io.clickstream.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.clickstream.sink.compact.CompactionResult;

/**
 * Every query of {@code docs/analytics.md}, read from the guide and run by Spark against a table the sink's storage
 * path wrote from simulated shoppers (then compacted), with the expected rows computed in Java from the same events.
 */
class AnalyticsQueriesTest {

    static final int BATCHES = 12;
    static final int PER_BATCH = 500;
    /** about 100 minutes of traffic at 1 event/s, across midnight: two dates, three hours */
    static final Instant START = Instant.parse("2026-09-30T22:50:00Z");

    static SparkSession spark;
    static SimulatedTable table;
    static List<ClickEvent> events;
    static List<ClickEvent> firstBatch;
    static List<CompactionResult> compactions;
    static Map<String, String> queries;

    @BeforeAll
    static void writeSimulatedTrafficAndRegisterTheTable() throws Exception {
        table = new SimulatedTable("analytics-");
        List<ClickEvent> simulated = SimulatedTable.simulate(7, BATCHES * PER_BATCH, START, 1.0);
        for (int b = 0; b < BATCHES; b++) {
            table.append(simulated.subList(b * PER_BATCH, (b + 1) * PER_BATCH));
        }
        events = table.events;
        firstBatch = simulated.subList(0, PER_BATCH);
        compactions = table.compact(3);
        queries = GuideQueries.load();
        spark = LocalSpark.start();
        spark.sql("DROP TABLE IF EXISTS clicks");
        spark.sql("CREATE TABLE clicks USING DELTA LOCATION '" + table.uri + "'");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.sql("DROP TABLE IF EXISTS clicks");
            spark.stop();
        }
    }

    @Test
    void theGuideHoldsExactlyTheTestedQueries() {
        assertThat(queries.keySet()).containsExactlyInAnyOrder("clicks_per_product", "session_duration",
                "events_per_store_per_hour", "funnel_per_store", "campaign_performance", "ad_performance",
                "top_products_by_revenue", "time_travel");
    }

    @Test
    void theTrafficIsRealisticEnoughToTestSomething() {
        assertThat(events).hasSize(BATCHES * PER_BATCH);
        assertThat(compactions).isNotEmpty();
        assertThat(events.stream().map(ClickEvent::storeId).distinct()).hasSize(3);
        assertThat(events.stream().filter(e -> e.eventType() == EventType.PURCHASE)).hasSizeGreaterThan(10);
        assertThat(events.stream().map(ClickEvent::adId).filter(Objects::nonNull).distinct()).hasSizeGreaterThan(3);
        assertThat(events.stream().map(e -> e.eventTime().truncatedTo(ChronoUnit.HOURS)).distinct()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void clicksPerProduct() {
        Map<Integer, Long> counts = count(events.stream().filter(e -> e.productId() != null).toList(), ClickEvent::productId);
        List<List<String>> expected = counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(e -> cells(e.getKey(), e.getValue())).toList();
        assertThat(run("clicks_per_product")).containsExactlyElementsOf(expected);
    }

    @Test
    void sessionDurationFromRealTimestamps() {
        Map<List<String>, List<ClickEvent>> sessions = events.stream()
                .collect(Collectors.groupingBy(e -> List.of(e.sessionId(), e.storeId())));
        record S(String id, String store, Instant first, Instant last, long events, long duration) {
        }
        List<List<String>> expected = sessions.entrySet().stream().map(e -> {
            Instant first = e.getValue().stream().map(ClickEvent::eventTime).min(Instant::compareTo).orElseThrow();
            Instant last = e.getValue().stream().map(ClickEvent::eventTime).max(Instant::compareTo).orElseThrow();
            return new S(e.getKey().get(0), e.getKey().get(1), first, last, e.getValue().size(),
                    last.getEpochSecond() - first.getEpochSecond());
        }).sorted(Comparator.comparingLong(S::duration).reversed().thenComparing(S::id))
                .map(s -> cells(s.id(), s.store(), s.first(), s.last(), s.events(), s.duration())).toList();
        List<List<String>> actual = run("session_duration");
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(expected.stream().filter(s -> !s.get(5).equals("0"))).isNotEmpty();
    }

    @Test
    void eventsPerStorePerHour() {
        Map<List<String>, Long> counts = count(events,
                e -> List.of(cell(e.eventTime().truncatedTo(ChronoUnit.HOURS)), e.storeId()));
        List<List<String>> expected = counts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<List<String>, Long> e) -> e.getKey().get(0))
                        .thenComparing(e -> e.getKey().get(1)))
                .map(e -> cells(e.getKey().get(1), e.getKey().get(0), e.getValue())).toList();
        assertThat(run("events_per_store_per_hour")).containsExactlyElementsOf(expected);
    }

    @Test
    void funnelPerStoreCountsSessions() {
        Map<String, Map<String, Set<EventType>>> byStore = new TreeMap<>();
        for (ClickEvent e : events) {
            byStore.computeIfAbsent(e.storeId(), s -> new TreeMap<>()).computeIfAbsent(e.sessionId(), s -> new LinkedHashSet<>())
                    .add(e.eventType());
        }
        List<List<String>> expected = new ArrayList<>();
        byStore.forEach((store, sessions) -> {
            long viewed = has(sessions, EventType.PRODUCT_VIEW);
            long purchased = has(sessions, EventType.PURCHASE);
            expected.add(cells(store, (long) sessions.size(), viewed, has(sessions, EventType.ADD_TO_CART),
                    has(sessions, EventType.CHECKOUT), purchased, viewed == 0 ? null : purchased / (double) viewed));
        });
        List<List<String>> actual = run("funnel_per_store");
        assertThat(actual).containsExactlyElementsOf(expected);
        // sessions, not events: a session with several product views counts once
        long productViews = events.stream().filter(e -> e.eventType() == EventType.PRODUCT_VIEW).count();
        assertThat(actual.stream().mapToLong(r -> Long.parseLong(r.get(2))).sum()).isLessThan(productViews);
    }

    @Test
    void campaignPerformance() {
        Map<String, List<ClickEvent>> byCampaign = group(events, ClickEvent::utmCampaign);
        List<List<String>> expected = byCampaign.entrySet().stream()
                .map(e -> List.<Object>of(e.getKey(), e.getValue().stream().map(ClickEvent::sessionId).distinct().count(),
                        typed(e.getValue(), EventType.AD_CLICK), typed(e.getValue(), EventType.PURCHASE), revenue(e.getValue())))
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(4)).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .map(r -> cells(r.toArray())).toList();
        assertThat(run("campaign_performance")).containsExactlyElementsOf(expected);
    }

    @Test
    void adPerformance() {
        Map<List<String>, List<ClickEvent>> byAd = events.stream().filter(e -> e.adId() != null)
                .collect(Collectors.groupingBy(e -> Arrays.asList(e.adId(), e.utmCampaign())));
        List<List<String>> expected = byAd.entrySet().stream()
                .map(e -> List.<Object>of(e.getKey().get(0), e.getKey().get(1), typed(e.getValue(), EventType.AD_CLICK),
                        typed(e.getValue(), EventType.PURCHASE), revenue(e.getValue())))
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(4)).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .map(r -> cells(r.toArray())).toList();
        assertThat(run("ad_performance")).containsExactlyElementsOf(expected);
    }

    @Test
    void topProductsByRevenue() {
        Map<List<Integer>, List<ClickEvent>> byProduct = events.stream().filter(e -> e.eventType() == EventType.PURCHASE)
                .collect(Collectors.groupingBy(e -> List.of(e.productId(), e.categoryId())));
        List<List<String>> expected = byProduct.entrySet().stream()
                .map(e -> List.<Object>of(e.getKey().get(0), e.getKey().get(1), revenue(e.getValue()),
                        e.getValue().stream().mapToLong(ClickEvent::quantity).sum()))
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2)).reversed()
                        .thenComparing(r -> (Integer) r.get(0)))
                .limit(10).map(r -> cells(r.toArray())).toList();
        assertThat(expected).hasSize(10);
        assertThat(run("top_products_by_revenue")).containsExactlyElementsOf(expected);
    }

    @Test
    void timeTravelToTheFirstFlush() {
        // version 1 is the first batch; the compacted latest version holds them all
        long maxOffset = table.offsetsOfFirstBatch().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(run("time_travel")).containsExactly(cells((long) firstBatch.size(), maxOffset));
        assertThat(spark.sql("SELECT count(*) FROM clicks").first().getLong(0)).isEqualTo(events.size());
    }

    // --- expected values ---

    private static <K> Map<K, Long> count(List<ClickEvent> list, Function<ClickEvent, K> key) {
        return list.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static Map<String, List<ClickEvent>> group(List<ClickEvent> list, Function<ClickEvent, String> key) {
        return list.stream().filter(e -> key.apply(e) != null).collect(Collectors.groupingBy(key));
    }

    private static long has(Map<String, Set<EventType>> sessions, EventType type) {
        return sessions.values().stream().filter(types -> types.contains(type)).count();
    }

    private static long typed(List<ClickEvent> list, EventType type) {
        return list.stream().filter(is(type)).count();
    }

    private static Predicate<ClickEvent> is(EventType type) {
        return e -> e.eventType() == type;
    }

    private static BigDecimal revenue(List<ClickEvent> list) {
        return list.stream().filter(is(EventType.PURCHASE)).map(e -> e.price().multiply(BigDecimal.valueOf(e.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    // --- comparing Spark rows with Java values ---

    private static List<List<String>> run(String name) {
        String sql = queries.get(name);
        assertThat(sql).as("query %s in %s", name, GuideQueries.GUIDE).isNotNull();
        List<List<String>> rows = new ArrayList<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                cells.add(cell(r.get(i)));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> cells(Object... values) {
        return Arrays.stream(values).map(AnalyticsQueriesTest::cell).toList();
    }

    /** One spelling for a value, whether Spark or Java produced it. */
    private static String cell(Object v) {
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof BigDecimal d) {
            return d.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
        }
        if (v instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.9f", d);
        }
        return String.valueOf(v);
    }
}
