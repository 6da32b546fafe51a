package io.clickstream.producer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.kafka.local.EmbeddedKafka;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The producer rides out a broker outage: it slows down, stays alive, and continues when Kafka is back. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BrokerOutageTest {

    @AfterEach
    void brokerBack() {
        EmbeddedKafka.start();
    }

    @AfterEach
    void defaultRate() {
        ProducerApi.setRate(100);
    }

    @Test
    void survivesBrokerStopAndRestartWithBoundedMemoryAndNothingLost() {
        ProducerApi.setRate(5_000);
        ProducerApi.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() > 5_000);
        long endBefore = ClicksTopic.totalEndOffset("clicks");

        EmbeddedKafka.stop();
        // while Kafka is away, readiness says so and the service stays up; pending sends fill up to the in-flight
        // bound, then the stream stops asking for more events (it does not buffer without bound)
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                given().get(Management.url("/health/ready")).then().statusCode(503));
        await().atMost(Duration.ofSeconds(30)).until(() -> pending() >= 19_000);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> pending() <= MAX_PENDING);
        given().get(Management.url("/health/live")).then().statusCode(200);
        assertThat(ProducerApi.state()).isEqualTo("running");

        EmbeddedKafka.start();
        long afterRestart = ProducerApi.eventsSent();
        await().atMost(Duration.ofSeconds(60)).until(() -> ProducerApi.eventsSent() > afterRestart + 25_000);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                given().get(Management.url("/health/ready")).then().statusCode(200));
        // the events held during the outage were delivered, none failed
        given().get("/api/producer").then().statusCode(200).body("send_errors", org.hamcrest.Matchers.equalTo(0));
        assertThat(ClicksTopic.totalEndOffset("clicks")).isGreaterThan(endBefore + 25_000);
    }

    /** max-inflight-messages, plus one tick's events at 5,000/s (the rate gate's 20 ms burst). */
    static final long MAX_PENDING = 20_000 + 100;

    static long pending() {
        return given().get("/api/producer").then().extract().jsonPath().getLong("events_pending");
    }
}
