package io.clickstream.dashboard.kafka;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.dashboard.support.ClickProducer;
import io.clickstream.dashboard.support.Events;
import io.clickstream.kafka.local.PackagedService;
import io.clickstream.kafka.local.SecureKafka;
import io.clickstream.kafka.local.SecureKafka.Grant;

/**
 * The packaged dashboard against a broker secured as on AKS (TLS, SCRAM-SHA-512, ACLs), configured only by the
 * environment variables the manifests set, with only the ACLs its KafkaUser declares: Read on {@code clicks},
 * Read on its own groups ({@code clickstream-dashboard-} prefixed) and Describe on the sink's group. It consumes
 * the events, and its admin client reads the sink group's lag.
 */
class KafkaSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SINK_GROUP = "clickstream-sink";
    private static SecureKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = SecureKafka.start(Map.of("clicks", 6, "clicks-dlq", 1));
        kafka.createUser("dashboard", Grant.topic("clicks", READ), Grant.groupsStartingWith("clickstream-dashboard-", READ),
                Grant.group(SINK_GROUP, DESCRIBE));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void consumesAndReadsTheSinkLagOverSaslSsl() throws Exception {
        String plaintext = kafka.broker().bootstrapServers();
        try (ClickProducer producer = new ClickProducer(plaintext, "clicks")) {
            producer.send(List.of(Events.pageView("wwi-toys"), Events.pageView("wwi-novelty")));
            // the sink group has committed offset 0 everywhere: its lag is every record on the topic
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                zero.put(new TopicPartition("clicks", p), new OffsetAndMetadata(0));
            }
            try (Admin admin = kafka.broker().admin()) {
                admin.alterConsumerGroupOffsets(SINK_GROUP, zero).all().get(30, TimeUnit.SECONDS);
            }

            try (PackagedService dashboard = PackagedService.start("dashboard-sasl", kafka.clientEnvironment("dashboard"),
                    Map.of("dashboard.sink-lag.interval", "1s"))) {
                // the dashboard reads from the latest offset: keep sending until its counts rise
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(dashboard.isAlive()).as("dashboard alive, see %s", dashboard.log()).isTrue();
                    producer.send(List.of(Events.pageView("wwi-toys")));
                    JsonNode stats = stats(dashboard);
                    assertThat(stats).as("dashboard stats").isNotNull();
                    assertThat(stats.path("total_events").asLong()).as("events consumed").isGreaterThanOrEqualTo(5);
                    JsonNode lag = stats.path("sink_lag");
                    assertThat(lag.path("status").asText()).as("sink lag %s", lag).isEqualTo("ok");
                    assertThat(lag.path("total").asLong()).isGreaterThanOrEqualTo(7);
                });
                assertThat(dashboard.output()).doesNotContain("failed authentication", "AuthorizationException",
                        "Not authorized");
            }
        }
    }

    private static JsonNode stats(PackagedService dashboard) throws Exception {
        String body = dashboard.get("/api/stats");
        return body == null ? null : JSON.readTree(body);
    }
}
