package io.clickstream.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Management;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TempTableResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The running sink compacts a partition's small files in the background (every second in tests) and says so. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TempTableResource.class)
class CompactionInAppTest {

    static final String DATE = "2026-08-10";

    @Test
    void smallFilesAreCompactedWhileEventsKeepArriving() throws Exception {
        Set<String> ids = new HashSet<>();
        // twelve small flushes, one after the other: at least twelve small files for the date
        for (int round = 0; round < 12; round++) {
            List<ClickEvent> events = Events.generate(round * 3, 3, 81, Instant.parse(DATE + "T08:00:00Z"), 1_000);
            events.forEach(e -> ids.add(e.eventId()));
            Producers.send(SinkRoundTripTest.bootstrap(), "clicks", events);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    SinkRoundTripTest.table().eventIds().stream().filter(ids::contains).count()).isEqualTo(ids.size()));
        }

        // whenever ten small files are there, the next round merges them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SinkRoundTripTest.table().files().stream()
                .filter(f -> DATE.equals(f.getPartitionValues().get("event_date"))).count()).isLessThan(10));
        List<String> tableIds = SinkRoundTripTest.table().eventIds();
        assertThat(tableIds.stream().filter(ids::contains).count()).isEqualTo(ids.size());
        assertThat(tableIds).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/sink").then().statusCode(200)
                .body("compaction.enabled", equalTo(true))
                .body("compaction.last_run_time", notNullValue())
                .body("compaction.files_compacted", greaterThanOrEqualTo(10))
                .body("state", equalTo("running")));
        given().get(Management.url("/metrics")).then().statusCode(200)
                .body(containsString("clickstream_sink_compactions_total"))
                .body(containsString("clickstream_sink_compaction_files_removed_total"))
                .body(containsString("clickstream_sink_compaction_files_added_total"))
                .body(containsString("clickstream_sink_compaction_bytes_rewritten_total"))
                .body(containsString("clickstream_sink_compaction_failures_total"));
    }
}
