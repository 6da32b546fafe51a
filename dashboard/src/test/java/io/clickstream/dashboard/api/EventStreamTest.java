package io.clickstream.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.EventType;
import io.clickstream.dashboard.sse.EventHub;
import io.clickstream.dashboard.support.DashboardTestBase;
import io.clickstream.dashboard.support.Events;
import io.clickstream.dashboard.support.SseConnection;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EventStreamTest extends DashboardTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    EventHub hub;

    @Test
    void streamDeliversProducedEventsWithIncreasingIds() {
        String store = unique("store");
        SseConnection client = sse("/api/events/stream?store=" + store);
        await().atMost(WAIT).until(() -> !client.messages("events").isEmpty());

        List<ClickEvent> sent = IntStream.range(0, 30).mapToObj(i -> Events.pageView(store)).toList();
        producer.send(sent);

        await().atMost(WAIT).until(() -> eventIds(client).size() >= sent.size());
        assertThat(eventIds(client)).containsExactlyInAnyOrderElementsOf(sent.stream().map(ClickEvent::eventId).toList());
        List<Long> ids = client.messages("events").stream().map(m -> Long.parseLong(m.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        for (SseConnection.Message m : client.messages("events")) {
            assertThat(m.id()).as("every message carries an id").isNotBlank();
        }
    }

    @Test
    void withoutSignInConfiguredEverythingIsOpen() {
        given().redirects().follow(false).get("/").then().statusCode(200);
        given().redirects().follow(false).get("/api/stats").then().statusCode(200);
        given().redirects().follow(false).get("/api/events/recent").then().statusCode(200);
    }

    @Test
    void userIdsArePseudonymisedInTheStreamAndTheRecentEvents() {
        String store = unique("store");
        SseConnection client = sse("/api/events/stream?store=" + store);
        await().atMost(WAIT).until(() -> !client.messages("events").isEmpty());
        ClickEvent first = Events.withUser(Events.pageView(store), "shopper-4711");
        ClickEvent again = Events.withUser(Events.pageView(store), "shopper-4711");
        ClickEvent other = Events.withUser(Events.pageView(store), "shopper-4712");
        ClickEvent anonymous = Events.pageView(store);
        producer.send(List.of(first, again, other, anonymous));

        await().atMost(WAIT).until(() -> eventIds(client).size() >= 4);
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (SseConnection.Message m : client.messages("events")) {
            parse(m.data()).forEach(e -> byId.put(e.get("event_id").asText(), e));
            assertThat(m.data()).doesNotContain("shopper-47");
        }
        String pseudonym = byId.get(first.eventId()).path("user_id").asText();
        assertThat(pseudonym).matches("u_[0-9a-f]{16}");
        assertThat(byId.get(again.eventId()).path("user_id").asText()).as("the same user, the same pseudonym").isEqualTo(pseudonym);
        assertThat(byId.get(other.eventId()).path("user_id").asText()).matches("u_[0-9a-f]{16}").isNotEqualTo(pseudonym);
        assertThat(byId.get(anonymous.eventId()).has("user_id")).as("an anonymous visitor stays without a user id").isFalse();

        String recent = given().queryParam("store", store).get("/api/events/recent").then().statusCode(200).extract().asString();
        assertThat(recent).doesNotContain("shopper-47").contains(pseudonym);
    }

    @Test
    void filtersByStoreEventTypeAndCampaign() {
        String storeA = unique("store");
        String storeB = unique("store");
        String campaign = unique("campaign");
        SseConnection byStore = sse("/api/events/stream?store=" + storeA);
        SseConnection byTypeAndStore = sse("/api/events/stream?store=" + storeB + "&event_type=purchase");
        SseConnection byCampaign = sse("/api/events/stream?campaign=" + campaign);
        await().atMost(WAIT).until(() -> !byStore.messages("events").isEmpty()
                && !byTypeAndStore.messages("events").isEmpty() && !byCampaign.messages("events").isEmpty());

        ClickEvent a1 = Events.pageView(storeA);
        ClickEvent a2 = Events.event(storeA, "s1", EventType.AD_CLICK, null, campaign, "ad-1");
        ClickEvent b1 = Events.event(storeB, "s2", EventType.PRODUCT_VIEW, 7, null, null);
        ClickEvent b2 = Events.event(storeB, "s2", EventType.PURCHASE, 7, campaign, null);
        ClickEvent b3 = Events.event(storeB, "s3", EventType.PURCHASE, 8, null, null);
        producer.send(List.of(a1, a2, b1, b2, b3));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(eventIds(byStore)).containsExactlyInAnyOrder(a1.eventId(), a2.eventId());
            assertThat(eventIds(byTypeAndStore)).containsExactlyInAnyOrder(b2.eventId(), b3.eventId());
            assertThat(eventIds(byCampaign)).containsExactlyInAnyOrder(a2.eventId(), b2.eventId());
        });
    }

    @Test
    void newClientFirstGetsTheLastEvents() {
        String store = unique("store");
        List<ClickEvent> before = IntStream.range(0, 5).mapToObj(i -> Events.pageView(store)).toList();
        producer.send(before);
        awaitRecent(store, before.size());

        SseConnection client = sse("/api/events/stream?store=" + store);
        await().atMost(WAIT).until(() -> !client.messages("events").isEmpty());
        List<String> first = new ArrayList<>();
        parse(client.messages("events").get(0).data()).forEach(e -> first.add(e.get("event_id").asText()));
        // different sessions land on different partitions: arrival order is not send order
        assertThat(first).containsExactlyInAnyOrderElementsOf(before.stream().map(ClickEvent::eventId).toList());
    }

    @Test
    void lastEventIdResumesWithExactlyTheMissedEvents() {
        String store = unique("store");
        SseConnection first = sse("/api/events/stream?store=" + store);
        List<ClickEvent> seen = IntStream.range(0, 10).mapToObj(i -> Events.pageView(store)).toList();
        producer.send(seen);
        // on a timeout, what the client got says why (a "dropped" or "reset" message, or nothing at all)
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventIds(first)).as("messages received: %s", first.messages())
                .hasSizeGreaterThanOrEqualTo(seen.size()));
        List<SseConnection.Message> messages = first.messages("events");
        String lastId = messages.get(messages.size() - 1).id();
        first.close();

        List<ClickEvent> missed = IntStream.range(0, 7).mapToObj(i -> Events.pageView(store)).toList();
        producer.send(missed);
        awaitRecent(store, seen.size() + missed.size());

        SseConnection resumed = sse("/api/events/stream?store=" + store, Map.of("Last-Event-ID", lastId));
        await().atMost(WAIT).until(() -> eventIds(resumed).size() >= missed.size());
        List<ClickEvent> live = IntStream.range(0, 3).mapToObj(i -> Events.pageView(store)).toList();
        producer.send(live);

        List<String> expected = new ArrayList<>();
        missed.forEach(e -> expected.add(e.eventId()));
        live.forEach(e -> expected.add(e.eventId()));
        await().atMost(WAIT).until(() -> eventIds(resumed).size() >= expected.size());
        assertThat(resumed.messages("reset")).isEmpty();
        assertThat(eventIds(resumed).subList(0, missed.size()))
                .containsExactlyInAnyOrderElementsOf(missed.stream().map(ClickEvent::eventId).toList());
        assertThat(eventIds(resumed)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Long.parseLong(resumed.messages("events").get(0).id())).isGreaterThan(Long.parseLong(lastId));
    }

    @Test
    void anIdOlderThanTheBufferGetsAResetEvent() {
        SseConnection client = sse("/api/events/stream", Map.of("Last-Event-ID", "1"));
        await().atMost(WAIT).until(() -> !client.messages("events").isEmpty());
        SseConnection.Message reset = client.messages().get(0);
        assertThat(reset.event()).isEqualTo("reset");
        assertThat(parse(reset.data()).get("last_event_id").asLong()).isEqualTo(1);
    }

    @Test
    void anUnparseableLastEventIdStartsLive() {
        String store = unique("store");
        SseConnection client = sse("/api/events/stream?store=" + store, Map.of("Last-Event-ID", "not-a-number"));
        assertThat(client.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !client.messages("events").isEmpty());
        ClickEvent e = Events.pageView(store);
        producer.send(List.of(e));
        await().atMost(WAIT).until(() -> eventIds(client).contains(e.eventId()));
        assertThat(client.messages("reset")).isEmpty();
    }

    @Test
    void heartbeatCommentsKeepTheConnectionAlive() {
        SseConnection events = sse("/api/events/stream?store=" + unique("quiet"));
        SseConnection stats = sse("/api/stats/stream");
        // the test profile sends a heartbeat every second
        await().atMost(WAIT).until(() -> events.messages().stream().anyMatch(m -> "ping".equals(m.comment()))
                && stats.messages().stream().anyMatch(m -> "ping".equals(m.comment())));
    }

    @Test
    void statsStreamSendsTheAggregatesRepeatedly() {
        SseConnection stats = sse("/api/stats/stream");
        await().atMost(WAIT).until(() -> stats.messages("stats").size() >= 3);
        List<SseConnection.Message> messages = stats.messages("stats");
        JsonNode last = parse(messages.get(messages.size() - 1).data());
        assertThat(last.get("windows").has("1m")).isTrue();
        assertThat(last.get("windows").has("15m")).isTrue();
        assertThat(messages.stream().map(m -> Long.parseLong(m.id())).toList()).isSorted();
    }

    @Test
    void aDisconnectedClientIsForgotten() {
        int before = hub.clientCount();
        SseConnection client = sse("/api/events/stream");
        await().atMost(WAIT).until(() -> hub.clientCount() == before + 1);
        client.close();
        await().atMost(WAIT).until(() -> hub.clientCount() == before);
    }

    @Test
    void invalidRecordsAreCountedAndSkipped() {
        long before = given().get("/api/stats").then().statusCode(200).extract().jsonPath().getLong("invalid_records");
        producer.sendRaw("x", "{not json".getBytes());
        producer.sendRaw("y", "{\"event_id\":\"nope\"}".getBytes());
        await().atMost(WAIT).until(() -> given().get("/api/stats").then().extract().jsonPath()
                .getLong("invalid_records") >= before + 2);
    }

    @Test
    void recentEventsAsJson() {
        String store = unique("store");
        // one session: one partition, so arrival order is send order
        List<ClickEvent> sent = IntStream.range(0, 4)
                .mapToObj(i -> Events.event(store, "one-session", EventType.PAGE_VIEW, null, null, null)).toList();
        producer.send(sent);
        awaitRecent(store, 4);
        JsonNode recent = parse(given().queryParam("store", store).queryParam("limit", 2).get("/api/events/recent")
                .then().statusCode(200).extract().asString());
        assertThat(recent.get("events")).hasSize(2);
        assertThat(recent.get("events").get(1).get("event_id").asText()).isEqualTo(sent.get(3).eventId());
        assertThat(recent.get("last_event_id").asLong()).isPositive();
    }

    private void awaitRecent(String store, int count) {
        await().atMost(WAIT).until(() -> parse(given().queryParam("store", store).get("/api/events/recent")
                .then().statusCode(200).extract().asString()).get("events").size() >= count);
    }


}
