package io.clickstream.dashboard.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.clickstream.dashboard.support.DashboardTestBase;
import io.clickstream.dashboard.support.Events;
import io.clickstream.dashboard.support.Management;
import io.clickstream.kafka.local.EmbeddedKafka;
import io.clickstream.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class HealthMetricsLagTest extends DashboardTestBase {

    @Test
    void readyOnceTheConsumerOwnsPartitions() {
        given().get(Management.url("/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'dashboard-consumer' }.status", equalTo("UP"));
        given().get(Management.url("/health/live")).then().statusCode(200);
    }

    @Test
    void healthAndMetricsOnlyOnTheManagementPort() {
        given().get(Management.url("/health/started")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.url("/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        // the application port (the one a Service and the Ingress expose) serves none of it
        given().get("/q/health").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void prometheusMetricsShowClientsDropsAndLag() {
        sse("/api/events/stream");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(Management.url("/metrics")).then().statusCode(200)
                .body(containsString("clickstream_dashboard_sse_clients{stream=\"events\"}"))
                .body(containsString("clickstream_dashboard_sse_dropped_events_total"))
                .body(containsString("clickstream_dashboard_consumer_lag"))
                .body(containsString("clickstream_dashboard_sink_lag"))
                .body(containsString("clickstream_dashboard_events_consumed_total")));
        // the dashboard keeps up: its own lag is read and is 0 on a quiet topic
        await().atMost(Duration.ofSeconds(20)).until(() -> stats().get("consumer_lag").asLong() == 0);
    }

    @Test
    void sinkLagIsEndOffsetsMinusTheSinkGroupsCommittedOffsets() throws Exception {
        producer.send(IntStream.range(0, 20).mapToObj(i -> Events.pageView(unique("lag"))).toList());
        try (Admin admin = EmbeddedKafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                latest.put(new TopicPartition("clicks", p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            // the sink group has committed half of each partition
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            long expected = 0;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                long half = e.getValue() / 2;
                committed.put(e.getKey(), new OffsetAndMetadata(half));
                expected += e.getValue() - half;
            }
            admin.alterConsumerGroupOffsets("clickstream-sink", committed).all().get();
            long total = expected;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode lag = stats().get("sink_lag");
                assertThat(lag.get("status").asText()).isEqualTo("ok");
                assertThat(lag.get("group_id").asText()).isEqualTo("clickstream-sink");
                assertThat(lag.get("total").asLong()).isEqualTo(total);
                assertThat(lag.get("partitions")).hasSize(6);
            });
            admin.deleteConsumerGroups(List.of("clickstream-sink")).all().get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> stats().get("sink_lag").get("status").asText()
                .equals("no_offsets"));
    }

    private static JsonNode stats() {
        return parse(given().get("/api/stats").then().statusCode(200).extract().asString());
    }
}
