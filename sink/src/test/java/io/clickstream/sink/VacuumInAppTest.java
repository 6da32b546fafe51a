package io.clickstream.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.FailingLocalFileSystem;
import io.clickstream.sink.support.Management;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TempTableResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * {@code POST /api/sink/maintenance/vacuum} on the running sink: a dry run lists an old orphan file and deletes
 * nothing, a run deletes exactly it while ingestion goes on, a second request during a run gets 409, and the
 * metrics count what was deleted. The table's files are young, so the default retention (7 days) keeps them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TempTableResource.class)
class VacuumInAppTest {

    static final String DATE = "2026-08-20";

    @AfterEach
    void release() {
        System.setProperty(FailingLocalFileSystem.HOLD_PARTITION_LISTING, "false");
        System.clearProperty(FailingLocalFileSystem.PARTITION_LISTING_HELD);
    }

    @Test
    void vacuumListsThenDeletesAnOldOrphanAndNothingElse() throws Exception {
        Set<String> ids = ingest(0);
        Path table = Path.of(java.net.URI.create(System.getProperty(TempTableResource.PROPERTY)));
        Path orphan = Files.write(table.resolve("event_date=" + DATE).resolve("part-orphan-of-a-failed-write.snappy.parquet"),
                new byte[1234]);
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        String orphanPath = "event_date=" + DATE + "/" + orphan.getFileName();

        given().post("/api/sink/maintenance/vacuum?dry_run=true").then().statusCode(200)
                .body("dry_run", equalTo(true))
                .body("retention_seconds", equalTo(7 * 24 * 3600))
                .body("files", equalTo(1))
                .body("bytes", equalTo(1234))
                .body("paths", equalTo(List.of(orphanPath)));
        assertThat(orphan).exists();

        Set<String> more = ingest(100); // ingestion goes on around the run
        given().post("/api/sink/maintenance/vacuum").then().statusCode(200)
                .body("dry_run", equalTo(false))
                .body("files", equalTo(1))
                .body("bytes", equalTo(1234))
                .body("paths", equalTo(List.of(orphanPath)));
        assertThat(orphan).doesNotExist();
        ids.addAll(more);
        List<String> tableIds = SinkRoundTripTest.table().eventIds();
        assertThat(tableIds.stream().filter(ids::contains).count()).isEqualTo(ids.size());

        given().get(Management.url("/metrics")).then().statusCode(200)
                .body(containsString("clickstream_sink_vacuum_runs_total 1.0"))
                .body(containsString("clickstream_sink_vacuum_files_deleted_total 1.0"))
                .body(containsString("clickstream_sink_vacuum_bytes_deleted_bytes_total 1234.0"))
                .body(containsString("clickstream_sink_vacuum_failures_total 0.0"))
                .body(containsString("clickstream_sink_vacuum_last_run_time_seconds"));
    }

    @Test
    void oneRunAtATime() throws Exception {
        ingest(200);
        System.setProperty(FailingLocalFileSystem.HOLD_PARTITION_LISTING, "true");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                () -> given().post("/api/sink/maintenance/vacuum?dry_run=true").andReturn());
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.getBoolean(FailingLocalFileSystem.PARTITION_LISTING_HELD));

        given().post("/api/sink/maintenance/vacuum?dry_run=true").then().statusCode(409)
                .body("error", equalTo("a vacuum is already running"));

        System.setProperty(FailingLocalFileSystem.HOLD_PARTITION_LISTING, "false");
        assertThat(first.get().statusCode()).isEqualTo(200);
        given().post("/api/sink/maintenance/vacuum?dry_run=true").then().statusCode(200);
    }

    private static Set<String> ingest(int from) {
        List<ClickEvent> events = Events.generate(from, 20, 99, Instant.parse(DATE + "T10:00:00Z"), 1_000);
        Producers.send(SinkRoundTripTest.bootstrap(), "clicks", events);
        Set<String> ids = events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                SinkRoundTripTest.table().eventIds().stream().filter(ids::contains).count()).isEqualTo(ids.size()));
        return new java.util.HashSet<>(ids);
    }
}
