package io.clickstream.producer;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.kafka.local.PackagedService;
import io.clickstream.kafka.local.SecureKafka;
import io.clickstream.kafka.local.SecureKafka.Grant;

/**
 * The packaged producer against a broker secured as on AKS (TLS, SCRAM-SHA-512, ACLs), configured only by the
 * environment variables the manifests set, with only the ACLs its KafkaUser declares: Write and Describe on
 * {@code clicks}. Its topic check (an admin client) and its channel must both get through.
 */
class KafkaSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SecureKafka kafka;

    @BeforeAll
    static void startBroker() {
        // as on the cluster, the topics exist already (Strimzi KafkaTopics): the producer only checks them
        kafka = SecureKafka.start(Map.of("clicks", 6, "clicks-dlq", 1));
        kafka.createUser("producer", Grant.topic("clicks", WRITE, DESCRIBE));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sendsOverSaslSslWithTheManifestsVariablesAndAcls() throws Exception {
        try (PackagedService producer = PackagedService.start("producer-sasl", kafka.clientEnvironment("producer"),
                Map.of("producer.events-per-second", "200", "producer.control.token", ControlToken.TOKEN))) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(producer.isAlive()).as("producer alive, see %s", producer.log()).isTrue();
                JsonNode status = status(producer);
                assertThat(status).as("producer status").isNotNull();
                assertThat(status.path("events_sent").asLong()).as("events acknowledged, status %s", status)
                        .isGreaterThanOrEqualTo(300);
            });
            JsonNode status = status(producer);
            assertThat(status.path("state").asText()).isEqualTo("running");
            assertThat(status.path("send_errors").asLong()).isZero();
            // the events are on the topic, seen through the test's own listener
            assertThat(recordsOn("clicks")).isGreaterThanOrEqualTo(status.path("events_sent").asLong());
            assertThat(producer.output()).doesNotContain("failed authentication", "AuthorizationException",
                    "Not authorized");
        }
    }

    private static JsonNode status(PackagedService producer) throws Exception {
        String body = producer.get("/api/producer");
        return body == null ? null : JSON.readTree(body);
    }

    private static long recordsOn(String topic) throws Exception {
        try (Admin admin = kafka.broker().admin()) {
            int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }
}
