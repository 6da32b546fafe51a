package io.clickstream.producer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.kafka.local.ManagementPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The packaged producer (the jar here, the native binary under {@code -Dnative}) against a real broker: its API,
 * and events on {@code clicks} that meet the contract (in a native image this needs the reflection registration
 * of the contract types).
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ManagementPortResource.class)
@WithTestResource(ControlToken.class)
class ProducerIT {

    @Test
    void emitsContractEventsAndObeysItsApi() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> given().get(Management.url("/health/ready"))
                .then().statusCode(200).body("status", equalTo("UP")));
        assertThat(ProducerApi.state()).isEqualTo("running");

        ProducerApi.setRate(500);
        given().get("/api/producer").then().statusCode(200).body("events_per_second", equalTo(500.0f));
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() >= 500);

        List<ConsumerRecord<String, byte[]>> records = ClicksTopic.readFromStart("clicks", 500);
        for (ConsumerRecord<String, byte[]> record : records) {
            DecodeResult result = ClickEventCodec.decode(record.value());
            assertThat(result.violations()).as("record at offset %d", record.offset()).isEmpty();
            assertThat(record.key()).isEqualTo(result.event().storeId() + ":" + result.event().sessionId());
        }

        given().contentType(ContentType.JSON).body("{\"events_per_second\": 500}").put("/api/producer/rate")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        ProducerApi.authorized().contentType(ContentType.JSON).body("{\"events_per_second\": -5}").put("/api/producer/rate")
                .then().statusCode(400).body("error", containsString("greater than 0"));

        ProducerApi.stop();
        assertThat(ProducerApi.state()).isEqualTo("stopped");
        ProducerApi.start();
        long resumedFrom = ProducerApi.eventsSent();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProducerApi.eventsSent() > resumedFrom + 100);

        given().get(Management.url("/metrics")).then().statusCode(200)
                .body(containsString("clickstream_producer_events_sent_total{event_type=\"page_view\"}"))
                .body(containsString("clickstream_producer_rate_events_per_second 500.0"));
    }
}
