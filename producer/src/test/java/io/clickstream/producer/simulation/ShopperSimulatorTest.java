package io.clickstream.producer.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.EventType;

class ShopperSimulatorTest {

    static final List<String> STORES = List.of("wwi-toys", "wwi-novelty", "wwi-packaging");
    static final Instant START = Instant.parse("2026-11-25T18:00:00Z");
    static final int N = 100_000;

    static List<ClickEvent> events;
    static Set<String> underWayAtStart;

    @BeforeAll
    static void simulate() {
        ShopperSimulator simulator = new ShopperSimulator(STORES, 42, START, 200, 100_000);
        underWayAtStart = simulator.sessionsUnderWayAtStart();
        assertThat(underWayAtStart).as("warm-up fills the shop").hasSizeGreaterThan(1_000);
        events = generate(simulator, N);
    }

    static List<ClickEvent> generate(long seed, int n) {
        return generate(new ShopperSimulator(STORES, seed, START, 200, 100_000), n);
    }

    static List<ClickEvent> generate(ShopperSimulator simulator, int n) {
        List<ClickEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(simulator.next());
        }
        return out;
    }

    /** Sessions that started within the generated stream (so their whole funnel is in it). */
    static Map<String, List<ClickEvent>> bySession() {
        Map<String, List<ClickEvent>> sessions = new HashMap<>();
        for (ClickEvent e : events) {
            if (underWayAtStart.contains(e.sessionId())) {
                continue;
            }
            sessions.computeIfAbsent(e.storeId() + ":" + e.sessionId(), k -> new ArrayList<>()).add(e);
        }
        return sessions;
    }

    @Test
    void everyPurchaseFollowsAnAddToCartOfThatProductInTheSameSession() {
        int purchases = 0;
        for (List<ClickEvent> session : bySession().values()) {
            Map<Integer, Integer> inCart = new HashMap<>();
            boolean checkedOut = false;
            for (ClickEvent e : session) {
                switch (e.eventType()) {
                    case ADD_TO_CART -> inCart.merge(e.productId(), 1, Integer::sum);
                    case REMOVE_FROM_CART -> {
                        assertThat(inCart.getOrDefault(e.productId(), 0)).as("removed product was in the cart").isPositive();
                        inCart.merge(e.productId(), -1, Integer::sum);
                    }
                    case CHECKOUT -> {
                        assertThat(inCart.values()).as("checkout with a non-empty cart").anyMatch(c -> c > 0);
                        checkedOut = true;
                    }
                    case PURCHASE -> {
                        purchases++;
                        assertThat(checkedOut).as("purchase after checkout").isTrue();
                        assertThat(inCart.getOrDefault(e.productId(), 0)).as("purchased product was added to cart").isPositive();
                    }
                    default -> { }
                }
            }
        }
        assertThat(purchases).isPositive();
    }

    @Test
    void eventTimeNeverDecreasesWithinASessionNorGlobally() {
        for (List<ClickEvent> session : bySession().values()) {
            for (int i = 1; i < session.size(); i++) {
                assertThat(session.get(i).eventTime()).isAfterOrEqualTo(session.get(i - 1).eventTime());
            }
        }
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).eventTime()).isAfterOrEqualTo(events.get(i - 1).eventTime());
        }
    }

    @Test
    void sessionsStayWithinTheInactivityTimeoutAndKeepTheirAttributes() {
        for (List<ClickEvent> session : bySession().values()) {
            ClickEvent first = session.get(0);
            for (int i = 1; i < session.size(); i++) {
                ClickEvent e = session.get(i);
                assertThat(java.time.Duration.between(session.get(i - 1).eventTime(), e.eventTime()))
                        .isLessThan(java.time.Duration.ofMinutes(30));
                assertThat(e.device()).isEqualTo(first.device());
                assertThat(e.country()).isEqualTo(first.country());
                assertThat(e.userId()).isEqualTo(first.userId());
                assertThat(e.utmCampaign()).isEqualTo(first.utmCampaign());
                assertThat(e.adId()).isEqualTo(first.adId());
            }
            if (first.adId() != null) {
                assertThat(first.eventType()).as("ad sessions start with the ad click").isEqualTo(EventType.AD_CLICK);
                assertThat(first.utmCampaign()).isNotNull();
            }
        }
    }

    @Test
    void productAndCategoryRuleAndNullsOnlyWhereTheContractAllows() {
        for (ClickEvent e : events) {
            assertThat(ClickEventCodec.decode(ClickEventCodec.encode(e)).violations()).isEmpty();
            if (e.eventType().hasProduct()) {
                assertThat(e.productId()).isBetween(1, 670);
                assertThat(e.categoryId()).isEqualTo(e.productId() % 10 + 1);
            } else {
                assertThat(e.productId()).isNull();
                assertThat(e.categoryId()).isNull();
            }
            if (e.eventType().hasPriceAndQuantity()) {
                assertThat(e.price()).isPositive();
                assertThat(e.price().scale()).isEqualTo(2);
                assertThat(e.quantity()).isPositive();
            } else {
                assertThat(e.price()).isNull();
                assertThat(e.quantity()).isNull();
            }
            assertThat(e.eventId()).isNotNull();
            assertThat(e.referrer()).isNotNull();
            assertThat(e.page()).startsWith("/");
            if (e.utmSource() == null) {
                assertThat(e.utmMedium()).isNull();
                assertThat(e.utmCampaign()).isNull();
                assertThat(e.adId()).isNull();
            }
        }
        assertThat(events.stream().map(ClickEvent::eventId).distinct().count()).isEqualTo(N);
    }

    @Test
    void sameSeedSameStreamOtherSeedOtherStream() {
        List<ClickEvent> again = generate(42, 5_000);
        assertThat(again).isEqualTo(events.subList(0, 5_000));
        List<ClickEvent> other = generate(43, 5_000);
        assertThat(other.get(0).eventId()).isNotEqualTo(events.get(0).eventId());
    }

    @Test
    void mixOfEventTypesIsAFunnel() {
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        events.forEach(e -> counts.merge(e.eventType(), 1, Integer::sum));
        double views = share(counts, EventType.PRODUCT_VIEW);
        double carts = share(counts, EventType.ADD_TO_CART);
        double checkouts = share(counts, EventType.CHECKOUT);
        double purchases = share(counts, EventType.PURCHASE);
        // stated tolerances: product views 30-55 % of events, carts 3-12 %, checkouts 0.5-6 %, purchases 0.5-6 %
        assertThat(views).isBetween(0.30, 0.55);
        assertThat(carts).isBetween(0.03, 0.12);
        assertThat(checkouts).isBetween(0.005, 0.06);
        assertThat(purchases).isBetween(0.005, 0.06);
        assertThat(views).isGreaterThan(carts * 3);
        assertThat(carts).isGreaterThan(checkouts);
        assertThat(share(counts, EventType.AD_CLICK)).isBetween(0.005, 0.06);
        assertThat(share(counts, EventType.SEARCH)).isBetween(0.05, 0.20);
        assertThat(share(counts, EventType.PAGE_VIEW)).isBetween(0.15, 0.45);
        assertThat(counts.get(EventType.REMOVE_FROM_CART)).isPositive();
    }

    @Test
    void everyStoreGetsTrafficInStatedShares() {
        Map<String, Integer> counts = new HashMap<>();
        events.forEach(e -> counts.merge(e.storeId(), 1, Integer::sum));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(STORES);
        // at 18:00 UTC the first store's audience leads; every store keeps at least 10 % of the traffic
        for (String store : STORES) {
            assertThat(counts.get(store) / (double) N).as(store).isBetween(0.10, 0.70);
        }
        assertThat(counts.get("wwi-toys")).isGreaterThan(counts.get("wwi-packaging"));
    }

    @Test
    void campaignsDriveAPartOfTheSessions() {
        Map<String, List<ClickEvent>> sessions = bySession();
        long withCampaign = sessions.values().stream().filter(s -> s.get(0).utmCampaign() != null).count();
        long withAd = sessions.values().stream().filter(s -> s.get(0).adId() != null).count();
        assertThat(withCampaign / (double) sessions.size()).isBetween(0.15, 0.35);
        assertThat(withAd / (double) sessions.size()).isBetween(0.07, 0.23);
        Set<String> devices = new HashSet<>();
        events.forEach(e -> devices.add(e.device().wire()));
        assertThat(devices).containsExactlyInAnyOrder("desktop", "mobile", "tablet");
    }

    @Test
    void simulatedTimeKeepsPaceWithTheEventRate() {
        // 100k events at 200 events/s should span about 500 s of simulated time
        double seconds = java.time.Duration.between(events.get(0).eventTime(), events.get(N - 1).eventTime()).toMillis() / 1000.0;
        assertThat(seconds).isCloseTo(N / 200.0, within(N / 200.0 * 0.25));
    }

    @Test
    void dailyRhythmShiftsTheAudience() {
        // at 03:00 UTC Europe sleeps and Japan/Australia/India are awake; at 18:00 UTC Europe is in its evening
        List<ClickEvent> night = new ArrayList<>();
        ShopperSimulator s = new ShopperSimulator(STORES, 7, Instant.parse("2026-11-25T03:00:00Z"), 200, 100_000);
        for (int i = 0; i < 20_000; i++) {
            night.add(s.next());
        }
        double europeAtNight = night.stream().filter(e -> Set.of("GB", "DE", "FR", "NL").contains(e.country())).count() / 20_000.0;
        double europeEvening = events.subList(0, 20_000).stream().filter(e -> Set.of("GB", "DE", "FR", "NL").contains(e.country())).count() / 20_000.0;
        assertThat(europeEvening).isGreaterThan(europeAtNight * 1.5);
    }

    @Test
    void catchUpShiftsTimesForwardNeverBack() {
        ShopperSimulator s = new ShopperSimulator(STORES, 1, START, 100, 100_000);
        Instant before = s.next().eventTime();
        s.catchUp(START.plusSeconds(3600), 2_000);
        Instant after = s.next().eventTime();
        assertThat(after).isAfterOrEqualTo(START.plusSeconds(3600).minusSeconds(60));
        assertThat(after).isAfter(before);
        s.catchUp(START, 2_000); // a clock behind the simulation changes nothing
        assertThat(s.next().eventTime()).isAfterOrEqualTo(after);
    }

    @Test
    void everyEmittedEventValidatesAgainstTheJsonSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = ClickEvent.class.getResourceAsStream(ClickEvent.SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (ClickEvent e : events.subList(0, 20_000)) {
            assertThat(schema.validate(ClickEventCodec.mapper().readTree(ClickEventCodec.encode(e)))).isEmpty();
        }
    }

    /**
     * Version 2 (the default): some sessions are in one experiment and variant for their whole visit, some purchases
     * carry a coupon, and nothing else changes: a version 1 run with the same seed emits the same events without
     * those fields. Every event is valid for the contract and the schema.
     */
    @Test
    void version2AddsExperimentsAndCouponsAndNothingElse() throws Exception {
        List<ClickEvent> v2 = events.subList(0, 20_000);
        List<ClickEvent> v1 = generate(new ShopperSimulator(STORES, 42, START, 200, 100_000, 1), 20_000);
        JsonSchema schema;
        try (InputStream in = ClickEvent.class.getResourceAsStream(ClickEvent.SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Map<String, String> experimentOfSession = new HashMap<>();
        int purchases = 0, coupons = 0;
        for (int i = 0; i < v2.size(); i++) {
            ClickEvent e = v2.get(i);
            assertThat(e.schemaVersion()).isEqualTo(2);
            assertThat(v1.get(i).schemaVersion()).isEqualTo(1);
            assertThat(v1.get(i).experimentId()).isNull();
            assertThat(v1.get(i).couponCode()).isNull();
            assertThat(e.withVersion2(null, null, null)).as("the version 1 fields of a seeded run")
                    .isEqualTo(v1.get(i).withVersion2(null, null, null));
            String experiment = e.experimentId() == null ? "-" : e.experimentId() + "/" + e.variant();
            assertThat(experimentOfSession.putIfAbsent(e.sessionId(), experiment)).as("one variant per visit")
                    .isIn(null, experiment);
            if (e.eventType() == EventType.PURCHASE) {
                purchases++;
                coupons += e.couponCode() != null ? 1 : 0;
            } else {
                assertThat(e.couponCode()).isNull();
            }
            for (ClickEvent any : List.of(e, v1.get(i))) {
                byte[] json = ClickEventCodec.encode(any);
                assertThat(ClickEventCodec.decode(json).violations()).isEmpty();
                assertThat(ClickEventCodec.decode(json).event()).isEqualTo(any);
                assertThat(schema.validate(ClickEventCodec.mapper().readTree(json))).isEmpty();
            }
        }
        double inExperiment = experimentOfSession.values().stream().filter(x -> !x.equals("-")).count()
                / (double) experimentOfSession.size();
        assertThat(inExperiment).isCloseTo(Marketing.IN_EXPERIMENT, within(0.05));
        assertThat(experimentOfSession.values()).contains("checkout-button-2026q4/control", "checkout-button-2026q4/B",
                "free-shipping-banner/control", "free-shipping-banner/B");
        assertThat(purchases).isPositive();
        assertThat(coupons / (double) purchases).isCloseTo(Marketing.COUPON_PER_PURCHASE, within(0.08));
        // reproducible: the same seed gives the same version 2 stream
        assertThat(generate(42, 2_000)).isEqualTo(v2.subList(0, 2_000));
    }

    private static double share(Map<EventType, Integer> counts, EventType type) {
        return counts.getOrDefault(type, 0) / (double) N;
    }
}
