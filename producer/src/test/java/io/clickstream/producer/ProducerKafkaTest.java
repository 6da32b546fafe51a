package io.clickstream.producer;

import static io.clickstream.producer.ClicksTopic.endOffsets;
import static io.clickstream.producer.ClicksTopic.readFromStart;
import static io.clickstream.producer.ClicksTopic.totalEndOffset;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ProducerKafkaTest {

    @AfterEach
    void restoreDefaults() {
        ProducerApi.setRate(100);
        ProducerApi.start();
    }

    @Test
    void eventsLandOnClicksWithSessionKeysAndValidJson() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() >= 300);
        List<ConsumerRecord<String, byte[]>> records = readFromStart("clicks", 300);
        assertThat(records).hasSizeGreaterThanOrEqualTo(300);
        for (ConsumerRecord<String, byte[]> record : records) {
            DecodeResult result = ClickEventCodec.decode(record.value());
            assertThat(result.violations()).as("record at offset %d", record.offset()).isEmpty();
            ClickEvent event = result.event();
            assertThat(record.key()).isEqualTo(event.storeId() + ":" + event.sessionId());
            assertThat(event.schemaVersion()).as("the default contract version").isEqualTo(2);
        }
        // version 2 fields survive the emitter (some sessions are in an experiment)
        assertThat(records.stream().map(r -> ClickEventCodec.decode(r.value()).event().experimentId()))
                .anyMatch(java.util.Objects::nonNull);
        // the same session always lands in the same partition, and load spreads over several partitions
        Map<String, List<Integer>> partitionsBySession = new java.util.HashMap<>();
        records.forEach(r -> partitionsBySession.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.partition()));
        partitionsBySession.values().forEach(p -> assertThat(p.stream().distinct()).hasSize(1));
        assertThat(endOffsets("clicks").values()).as("records per partition").filteredOn(end -> end > 0).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void changingTheRateChangesTheMeasuredRate() {
        ProducerApi.setRate(50);
        double slow = measureRate(Duration.ofSeconds(4));
        ProducerApi.setRate(400);
        double fast = measureRate(Duration.ofSeconds(4));
        assertThat(slow).isBetween(50 * 0.6, 50 * 1.4);
        assertThat(fast).isBetween(400 * 0.6, 400 * 1.4);
        assertThat(fast / slow).isGreaterThan(4);
    }

    @Test
    void stopStopsAndStartResumes() {
        ProducerApi.setRate(300);
        ProducerApi.stop();
        assertThat(ProducerApi.state()).isEqualTo("stopped");
        // once the in-flight sends are acknowledged, the count must not move any more
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(new java.util.concurrent.Callable<Boolean>() {
                    long last = -1;

                    @Override
                    public Boolean call() {
                        long now = ProducerApi.eventsSent();
                        boolean stable = now == last;
                        last = now;
                        return stable;
                    }
                });
        long stoppedAt = ProducerApi.eventsSent();
        long endOffsets = totalEndOffset("clicks");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> ProducerApi.eventsSent() == stoppedAt);
        assertThat(totalEndOffset("clicks")).isEqualTo(endOffsets);

        ProducerApi.start();
        assertThat(ProducerApi.state()).isEqualTo("running");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProducerApi.eventsSent() > stoppedAt + 100);
    }

    @Test
    void badRateRequestsGet400WithAReason() {
        String[][] cases = {
                { "{\"events_per_second\": -5}", "greater than 0" },
                { "{\"events_per_second\": 0}", "greater than 0" },
                { "{\"events_per_second\": 1e9}", "at most 1000000" },
                { "{\"events_per_second\": \"fast\"}", "must be a number" },
                { "{\"rate\": 10}", "events_per_second is required" },
                { "{not json", "not valid JSON" },
                { "", "body required" },
        };
        for (String[] c : cases) {
            ProducerApi.authorized().contentType(ContentType.JSON).body(c[0]).put("/api/producer/rate")
                    .then().statusCode(400).body("error", containsString(c[1]));
        }
        given().get("/api/producer").then().statusCode(200).body("events_per_second", equalTo(100.0f));
    }

    @Test
    void statusHealthAndMetrics() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() > 0);
        given().get("/api/producer").then().statusCode(200)
                .body("state", equalTo("running"))
                .body("seed", equalTo(1234))
                .body("events_by_type.page_view", org.hamcrest.Matchers.greaterThan(0));
        given().get(Management.url("/health/ready")).then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("clickstream-producer"));
        given().get(Management.url("/metrics")).then().statusCode(200)
                .body(containsString("clickstream_producer_events_sent_total{event_type=\"page_view\"}"))
                .body(containsString("clickstream_producer_send_errors_total"))
                .body(containsString("clickstream_producer_rate_events_per_second 100.0"));
    }

    @Test
    void healthAndMetricsOnlyOnTheManagementPort() {
        given().get(Management.url("/health/started")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.url("/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        // the application port (the one a Service exposes to clients) serves none of it
        given().get("/q/health").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    static double measureRate(Duration window) {
        // let the previous rate's in-flight events drain, then count acknowledgements over the window
        long warm = ProducerApi.eventsSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> ProducerApi.eventsSent() > warm);
        long startCount = ProducerApi.eventsSent();
        long startNanos = System.nanoTime();
        await().pollDelay(window).atMost(window.plusSeconds(5)).until(() -> true);
        long count = ProducerApi.eventsSent() - startCount;
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }
}
