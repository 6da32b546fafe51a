package io.clickstream.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.sink.kafka.Channels;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.FailingLocalFileSystem;
import io.clickstream.sink.support.Management;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TempTableResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/** Storage fails for a while: consumption pauses, readiness goes DOWN, nothing is lost, ingestion resumes. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TempTableResource.class)
class StorageFailureTest {

    @Inject
    KafkaClientService kafka;

    @AfterEach
    void storageUp() {
        FailingLocalFileSystem.down(false);
    }

    @Test
    void anOutagePausesConsumptionAndLosesNothing() throws Exception {
        String bootstrap = SinkRoundTripTest.bootstrap();
        List<ClickEvent> before = Events.generate(300, 31, Instant.parse("2026-05-01T08:00:00Z"), 1_000);
        List<ClickEvent> during = Events.generate(10_000, 32, Instant.parse("2026-05-02T08:00:00Z"), 1_000);
        Set<String> beforeIds = ids(before);
        Set<String> all = ids(before);
        all.addAll(ids(during));

        Producers.send(bootstrap, "clicks", before);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                SinkRoundTripTest.table().eventIds().stream().filter(beforeIds::contains).count()).isEqualTo(beforeIds.size()));

        FailingLocalFileSystem.down(true);
        // a few events make the next flush fail: it is retried and readiness goes DOWN
        Producers.send(bootstrap, "clicks", during.subList(0, 10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/sink").then()
                .body("state", equalTo("storage_failing")));
        given().get(Management.url("/health/ready")).then().statusCode(503);
        // more events arrive during the outage: the consumer's partitions are paused instead of buffering them
        Producers.send(bootstrap, "clicks", during.subList(10, during.size()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                kafka.getConsumer(Channels.CLICKS).paused().await().atMost(Duration.ofSeconds(5))).isNotEmpty());
        long retries = given().get("/api/sink").then().extract().jsonPath().getLong("storage_retries");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                given().get("/api/sink").then().extract().jsonPath().getLong("storage_retries")).isGreaterThan(retries + 1));

        FailingLocalFileSystem.down(false);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> ids = SinkRoundTripTest.table().eventIds();
            assertThat(ids.stream().filter(all::contains).count()).isEqualTo(all.size());
            assertThat(ids).doesNotHaveDuplicates();
        });
        given().get(Management.url("/health/ready")).then().statusCode(200);
        given().get("/api/sink").then().body("state", equalTo("running"));
    }

    private static Set<String> ids(List<ClickEvent> events) {
        return events.stream().map(ClickEvent::eventId).collect(Collectors.toCollection(java.util.HashSet::new));
    }
}
