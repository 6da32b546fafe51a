package io.clickstream.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.clickstream.dashboard.support.DashboardTestBase;
import io.clickstream.dashboard.support.Events;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The aggregates match a known set of produced events. Other tests share the application, so the test
 * compares the 15-minute window before and after (nothing leaves it during a test run) and uses names no
 * other test uses.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AggregatesTest extends DashboardTestBase {

    @Test
    void aggregatesMatchTheProducedEvents() {
        String storeA = unique("agg-a");
        String storeB = unique("agg-b");
        String campaign = unique("spring");
        String ad = unique("ad");
        JsonNode before = stats().get("windows").get("15m");

        List<ClickEvent> events = new ArrayList<>();
        // 4 sessions of store A walk the funnel to different depths
        String s1 = unique("s"), s2 = unique("s"), s3 = unique("s"), s4 = unique("s");
        events.add(Events.event(storeA, s1, EventType.AD_CLICK, null, campaign, ad));
        events.add(Events.event(storeA, s1, EventType.PRODUCT_VIEW, 661, campaign, ad));
        events.add(Events.event(storeA, s1, EventType.ADD_TO_CART, 661, campaign, ad));
        events.add(Events.event(storeA, s1, EventType.CHECKOUT, null, campaign, ad));
        events.add(Events.event(storeA, s1, EventType.PURCHASE, 661, campaign, ad));
        events.add(Events.event(storeA, s2, EventType.PRODUCT_VIEW, 661, null, null));
        events.add(Events.event(storeA, s2, EventType.ADD_TO_CART, 662, null, null));
        events.add(Events.event(storeA, s3, EventType.PRODUCT_VIEW, 662, campaign, null));
        events.add(Events.event(storeA, s4, EventType.PAGE_VIEW, null, campaign, null));
        events.add(Events.event(storeA, s4, EventType.AD_CLICK, null, campaign, ad));
        // store B: product 663 viewed by many sessions so it tops the ranking
        for (int i = 0; i < 300; i++) {
            events.add(Events.event(storeB, unique("b"), EventType.PRODUCT_VIEW, 663, null, null));
        }
        for (int i = 0; i < 200; i++) {
            events.add(Events.event(storeB, unique("b"), EventType.PRODUCT_VIEW, 664, null, null));
        }
        producer.send(events);

        await().atMost(Duration.ofSeconds(20)).until(() -> stats().get("windows").get("15m").get("events").asLong()
                >= before.get("events").asLong() + events.size());
        JsonNode now = stats().get("windows");
        JsonNode w = now.get("15m");
        assertThat(w.get("events").asLong() - before.get("events").asLong()).isEqualTo(events.size());

        // per store, in both windows
        for (String window : List.of("1m", "15m")) {
            assertThat(storeEvents(now.get(window), storeA)).isEqualTo(10);
            assertThat(storeEvents(now.get(window), storeB)).isEqualTo(500);
        }
        // per event type
        assertThat(delta(before, w, "by_event_type", "product_view")).isEqualTo(503);
        assertThat(delta(before, w, "by_event_type", "add_to_cart")).isEqualTo(2);
        assertThat(delta(before, w, "by_event_type", "checkout")).isEqualTo(1);
        assertThat(delta(before, w, "by_event_type", "purchase")).isEqualTo(1);
        assertThat(delta(before, w, "by_event_type", "ad_click")).isEqualTo(2);
        assertThat(delta(before, w, "by_event_type", "page_view")).isEqualTo(1);

        // top products: 663 (300 views) then 664 (200)
        JsonNode top = w.get("top_products");
        assertThat(top.get(0).get("product_id").asInt()).isEqualTo(663);
        assertThat(top.get(0).get("events").asLong() - productEvents(before, 663)).isEqualTo(300);
        assertThat(top.get(1).get("product_id").asInt()).isEqualTo(664);
        assertThat(top.get(1).get("events").asLong() - productEvents(before, 664)).isEqualTo(200);
        assertThat(top).hasSizeLessThanOrEqualTo(10);
        JsonNode p661 = product(w, 661);
        assertThat(p661.get("events").asLong() - productEvents(before, 661)).isEqualTo(4);
        assertThat(p661.get("purchases").asLong()).isGreaterThanOrEqualTo(1);
        // categories follow products: 663 % 10 + 1 = 4
        assertThat(w.get("top_categories").get(0).get("category_id").asInt()).isEqualTo(4);

        // campaign and ad: 2 ad clicks, 1 purchase of 2 × 12.50
        JsonNode c = named(w.get("campaigns"), campaign);
        assertThat(c.get("events").asLong()).isEqualTo(8);
        assertThat(c.get("clicks").asLong()).isEqualTo(2);
        assertThat(c.get("purchases").asLong()).isEqualTo(1);
        assertThat(c.get("revenue").decimalValue()).isEqualByComparingTo("25.00");
        JsonNode a = named(w.get("ads"), ad);
        assertThat(a.get("clicks").asLong()).isEqualTo(2);
        assertThat(a.get("purchases").asLong()).isEqualTo(1);

        // funnel: sessions with a product view 3 (s1,s2,s3) + 500 from store B; to cart 2; checkout 1; purchase 1
        JsonNode steps = w.get("funnel").get("steps");
        JsonNode stepsBefore = before.get("funnel").get("steps");
        assertThat(steps.get(0).get("step").asText()).isEqualTo("product_view");
        assertThat(steps.get(0).get("sessions").asLong() - stepsBefore.get(0).get("sessions").asLong()).isEqualTo(503);
        assertThat(steps.get(1).get("sessions").asLong() - stepsBefore.get(1).get("sessions").asLong()).isEqualTo(2);
        assertThat(steps.get(2).get("sessions").asLong() - stepsBefore.get(2).get("sessions").asLong()).isEqualTo(1);
        assertThat(steps.get(3).get("sessions").asLong() - stepsBefore.get(3).get("sessions").asLong()).isEqualTo(1);
        assertThat(steps.get(1).get("conversion").asDouble())
                .isCloseTo((double) steps.get(1).get("sessions").asLong() / steps.get(0).get("sessions").asLong(),
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(w.get("active_sessions").asLong() - before.get("active_sessions").asLong()).isEqualTo(504);
        assertThat(w.get("events_per_second").asDouble()).isPositive();
    }

    private static JsonNode stats() {
        return parse(given().get("/api/stats").then().statusCode(200).extract().asString());
    }

    private static long storeEvents(JsonNode window, String store) {
        for (JsonNode s : window.get("by_store")) {
            if (s.get("store_id").asText().equals(store)) {
                return s.get("events").asLong();
            }
        }
        return 0;
    }

    private static long delta(JsonNode before, JsonNode after, String field, String key) {
        return after.get(field).get(key).asLong() - before.get(field).get(key).asLong();
    }

    private static long productEvents(JsonNode window, int productId) {
        JsonNode p = product(window, productId);
        return p == null ? 0 : p.get("events").asLong();
    }

    private static JsonNode product(JsonNode window, int productId) {
        for (JsonNode p : window.get("top_products")) {
            if (p.get("product_id").asInt() == productId) {
                return p;
            }
        }
        return null;
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }
}
