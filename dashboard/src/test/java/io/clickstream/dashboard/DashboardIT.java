package io.clickstream.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.dashboard.support.ClickProducer;
import io.clickstream.dashboard.support.Events;
import io.clickstream.kafka.local.EmbeddedKafka;
import io.clickstream.dashboard.support.Management;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.kafka.local.ManagementPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * The packaged dashboard (the jar here, the native binary under {@code -Dnative}) against a real broker: events
 * produced to {@code clicks} come out of the live tail, the recent events and the aggregates, and the page is
 * served (in a native image these need the reflection registrations and the resources).
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ManagementPortResource.class)
class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void producedEventsReachTheStreamTheRecentEventsAndTheAggregates() throws Exception {
        // ready = the consumer owns its partitions and fixed its "latest" offsets: events sent after it arrive
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> given().get(Management.url("/health/ready"))
                .then().statusCode(200).body("status", equalTo("UP")));
        String store = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Queue<String> lines = new ConcurrentLinkedQueue<>();
        LineCollector collector = new LineCollector(lines);
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/events/stream?store=" + store)).build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(collector));
        try {
            List<ClickEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(Events.pageView(store));
            }
            try (ClickProducer producer = new ClickProducer(EmbeddedKafka.bootstrapServers(), "clicks")) {
                producer.send(events);
            }
            List<String> sent = events.stream().map(ClickEvent::eventId).toList();

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode recent = JSON.readTree(given().queryParam("store", store).get("/api/events/recent")
                        .then().statusCode(200).extract().asString());
                List<String> ids = new ArrayList<>();
                recent.get("events").forEach(e -> ids.add(e.get("event_id").asText()));
                // sessions spread over partitions: no order across them
                assertThat(ids).containsExactlyInAnyOrderElementsOf(sent);
                // the stream's JSON leaves out null fields (an anonymous visitor has no user_id)
                assertThat(recent.get("events").get(0).has("user_id")).isFalse();
                assertThat(recent.get("events").get(0).get("store_id").asText()).isEqualTo(store);
            });

            await().atMost(WAIT).untilAsserted(() -> {
                List<String> streamed = new ArrayList<>();
                for (String line : lines) {
                    if (line.startsWith("data:") && line.contains(store)) {
                        JSON.readTree(line.substring(5)).forEach(e -> streamed.add(e.get("event_id").asText()));
                    }
                }
                assertThat(streamed).containsExactlyInAnyOrderElementsOf(sent);
                assertThat(lines).anyMatch(l -> l.startsWith("id:")).anyMatch(l -> l.equals("event: events")
                        || l.equals("event:events"));
            });

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode stats = JSON.readTree(given().get("/api/stats").then().statusCode(200).extract().asString());
                long count = -1;
                for (JsonNode s : stats.get("windows").get("15m").get("by_store")) {
                    if (s.get("store_id").asText().equals(store)) {
                        count = s.get("events").asLong();
                    }
                }
                assertThat(count).isEqualTo(20);
                assertThat(stats.get("total_events").asLong()).isGreaterThanOrEqualTo(20);
            });
        } finally {
            collector.cancel();
        }
    }

    @Test
    void servesThePageAndItsChartLibrary() {
        given().get("/").then().statusCode(200).body(containsString("<title>Clickstream dashboard</title>"));
        given().get("/dashboard.js").then().statusCode(200);
        given().get("/webjars/chart.js/dist/chart.umd.min.js").then().statusCode(200)
                .body(containsString("Chart"));
    }

    /** Keeps the lines of a streamed response; {@link #cancel()} closes the stream. */
    private static final class LineCollector implements Flow.Subscriber<String> {

        private final Queue<String> lines;
        private volatile Flow.Subscription subscription;

        LineCollector(Queue<String> lines) {
            this.lines = lines;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable failure) {
            lines.add("error: " + failure);
        }

        @Override
        public void onComplete() {
        }

        void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
