package io.clickstream.producer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.kafka.local.EmbeddedKafka;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The producer rides out a broker outage: it slows down, stays alive, and continues when Kafka is back. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BrokerOutageTest {

    @AfterEach
    void brokerBack() {
        EmbeddedKafka.start();
    }

    @Test
    void survivesBrokerStopAndRestart() {
        ProducerApi.setRate(200);
        ProducerApi.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() > 200);
        long endBefore = ProducerKafkaTest.totalEndOffset("clicks");

        EmbeddedKafka.stop();
        // while Kafka is away, acknowledgements stop and readiness reports it; the service itself stays up
        long duringOutage = ProducerApi.eventsSent();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(503));
        assertThat(ProducerApi.eventsSent()).isLessThanOrEqualTo(duringOutage + 2_100); // at most the in-flight bound
        given().get("/q/health/live").then().statusCode(200);
        assertThat(ProducerApi.state()).isEqualTo("running");

        EmbeddedKafka.start();
        long afterRestart = ProducerApi.eventsSent();
        await().atMost(Duration.ofSeconds(60)).until(() -> ProducerApi.eventsSent() > afterRestart + 400);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        assertThat(ProducerKafkaTest.totalEndOffset("clicks")).isGreaterThan(endBefore + 400);
        given().get("/api/producer").then().statusCode(200);
    }
}
