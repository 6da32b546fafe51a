package io.clickstream.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Management;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.support.TempTableResource;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.types.DecimalType;
import io.delta.standalone.types.StructType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Kafka in, Delta out, with a real broker and a real table. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TempTableResource.class)
class SinkRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static TableReader table() {
        return new TableReader(System.getProperty(TempTableResource.PROPERTY));
    }

    @Test
    void everyEventArrivesExactlyOnceWithItsValuesTypesPartitionsAndStats() throws Exception {
        // three days, so a flush touches several partitions
        List<ClickEvent> events = Events.generate(3_000, 11, Instant.parse("2026-03-01T22:00:00Z"), 60_000);
        Producers.send(bootstrap(), "clicks", events);
        Map<String, ClickEvent> sent = events.stream().collect(Collectors.toMap(ClickEvent::eventId, Function.identity()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                table().eventIds().stream().filter(sent::containsKey).count()).isEqualTo(sent.size()));

        List<TableReader.Row> rows = table().rows().stream().filter(r -> sent.containsKey(r.eventId())).toList();
        assertThat(rows).hasSize(sent.size());
        assertThat(rows.stream().map(TableReader.Row::eventId).collect(Collectors.toSet())).hasSize(sent.size());
        for (TableReader.Row row : rows) {
            ClickEvent e = sent.get(row.eventId());
            assertThat(row.eventDate()).isEqualTo(LocalDate.ofInstant(e.eventTime(), ZoneOffset.UTC).toString());
            assertThat(row.values().getLong("event_time", 0)).isEqualTo(e.eventTime().toEpochMilli() * 1000);
            assertThat(row.values().getString("store_id", 0)).isEqualTo(e.storeId());
            assertThat(row.values().getString("event_type", 0)).isEqualTo(e.eventType().wire());
            assertThat(row.values().getFieldRepetitionCount("user_id")).isEqualTo(e.userId() == null ? 0 : 1);
            if (e.price() != null) {
                assertThat(BigDecimal.valueOf(row.values().getLong("price", 0), 2)).isEqualTo(e.price());
                assertThat(row.values().getInteger("quantity", 0)).isEqualTo(e.quantity());
            } else {
                assertThat(row.values().getFieldRepetitionCount("price")).isZero();
            }
            assertThat(row.values().getInteger("schema_version", 0)).isEqualTo(e.schemaVersion());
        }
        assertThat(rows.stream().map(TableReader.Row::eventDate).distinct()).hasSize(3);

        // the Delta schema uses types readers understand natively
        StructType schema = table().snapshot().getMetadata().getSchema();
        assertThat(schema.get("event_time").getDataType().getTypeName()).isEqualTo("timestamp");
        assertThat(schema.get("event_date").getDataType().getTypeName()).isEqualTo("date");
        assertThat(schema.get("price").getDataType()).isEqualTo(new DecimalType(10, 2));
        assertThat(schema.get("product_id").getDataType().getTypeName()).isEqualTo("integer");
        assertThat(table().snapshot().getMetadata().getPartitionColumns()).containsExactly("event_date");

        // each file: in its partition folder, snappy, INT64 micros timestamps, stats in the log
        Set<String> dirs = new HashSet<>();
        for (AddFile f : table().files()) {
            assertThat(f.getPath()).startsWith("event_date=" + f.getPartitionValues().get("event_date") + "/")
                    .endsWith(".snappy.parquet");
            dirs.add(f.getPartitionValues().get("event_date"));
            JsonNode stats = JSON.readTree(f.getStats());
            assertThat(stats.get("numRecords").asLong()).isPositive();
            assertThat(stats.get("minValues").get("event_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(stats.get("maxValues").get("kafka_offset").asLong())
                    .isGreaterThanOrEqualTo(stats.get("minValues").get("kafka_offset").asLong());
            assertThat(stats.get("nullCount").get("event_id").asLong()).isZero();
            assertThat(stats.get("nullCount").has("user_id")).isTrue();
        }
        AddFile any = table().files().get(0);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(System.getProperty(TempTableResource.PROPERTY) + "/" + any.getPath()),
                new Configuration()))) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(fileSchema.getType("event_time").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
            assertThat(fileSchema.getType("event_time").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
            assertThat(reader.getRowGroups().get(0).getColumns().get(0).getCodec().name()).isEqualTo("SNAPPY");
        }

        // offsets recorded in the log, one txn per partition, and committed to Kafka too
        Map<String, Long> txns = new HashMap<>();
        var tx = table().log().startTransaction();
        for (int p = 0; p < 6; p++) {
            txns.put("p" + p, tx.txnVersion("clickstream-sink-clicks-" + p));
        }
        assertThat(txns.values()).allMatch(v -> v >= 0);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap()))) {
            // lag tools see progress: the group's Kafka offsets follow the table's
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listConsumerGroupOffsets("clickstream-sink")
                    .partitionsToOffsetAndMetadata().get().values()).hasSize(6).allMatch(o -> o.offset() > 0));
        }

        given().get("/api/sink").then().statusCode(200)
                .body("state", equalTo("running"))
                .body("table_uri", equalTo(System.getProperty(TempTableResource.PROPERTY)))
                .body("partitions.size()", equalTo(6));
        given().get(Management.url("/health/ready")).then().statusCode(200).body(containsString("delta-table-storage"));
        given().get(Management.url("/metrics")).then().statusCode(200)
                .body(containsString("clickstream_sink_records_in_total"))
                .body(containsString("clickstream_sink_commit_latency_seconds"))
                .body(containsString("clickstream_sink_delta_commit_latency_seconds"))
                .body(containsString("clickstream_sink_commit_concurrent_versions_total"))
                .body(containsString("clickstream_sink_consumer_lag"))
                .body(containsString("clickstream_sink_dlq_records_total"))
                .body(containsString("clickstream_sink_storage_retries_total"))
                .body(containsString("clickstream_sink_batch_size_records"));
    }

    @Test
    void healthAndMetricsOnlyOnTheManagementPort() {
        given().get(Management.url("/health/started")).then().statusCode(200).body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(Management.url("/health/ready")).then()
                .statusCode(200)
                .body("checks.find { it.name == 'delta-table-storage' }.data.state", equalTo("running")));
        // the application port (the one a Service exposes to clients) serves none of it
        given().get("/q/health").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void aQuietTopicIsFlushedByTheTimer() {
        List<ClickEvent> few = Events.generate(5, 12, Instant.parse("2026-03-05T10:00:00Z"), 1_000);
        Set<String> ids = few.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        long start = System.nanoTime();
        Producers.send(bootstrap(), "clicks", few);
        // limit 1 s: visible well before a record or byte limit could be reached
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                table().eventIds().stream().filter(ids::contains).count()).isEqualTo(5));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("visible after %d ms", millis).isLessThan(6_000);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
