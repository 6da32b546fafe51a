package io.clickstream.sink.it;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.kafka.local.PackagedService;
import io.clickstream.kafka.local.SecureKafka;
import io.clickstream.kafka.local.SecureKafka.Grant;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;

/**
 * The packaged sink against a broker secured as on AKS (TLS, SCRAM-SHA-512, ACLs), configured only by the
 * environment variables the manifests set, with only the ACLs its KafkaUser declares: Read on {@code clicks} and
 * on its group, Write and Describe on {@code clicks-dlq}. Valid events reach the table, invalid ones the
 * dead-letter topic, and the group's offsets are committed to Kafka.
 */
class KafkaSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "clickstream-sink";
    private static SecureKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = SecureKafka.start(Map.of("clicks", 6, "clicks-dlq", 1));
        kafka.createUser("sink", Grant.topic("clicks", READ), Grant.group(GROUP, READ),
                Grant.topic("clicks-dlq", WRITE, DESCRIBE));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void consumesCommitsAndDeadLettersOverSaslSsl() throws Exception {
        List<ClickEvent> events = Events.generate(300, 11, Instant.parse("2026-11-25T10:00:00Z"), 1000);
        String plaintext = kafka.broker().bootstrapServers();
        try (KafkaProducer<byte[], byte[]> producer = Producers.create(plaintext)) {
            Producers.send(producer, "clicks", events);
            for (String bad : List.of("not json", "{\"event_id\": 1}", "")) {
                producer.send(new ProducerRecord<>("clicks", bad.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }
        String uri = BrokerPerClass.newTableUri("sasl-");
        TableReader table = new TableReader(uri);
        try (PackagedService sink = PackagedService.start("sink-sasl", kafka.clientEnvironment("sink"),
                Map.of("sink.table-uri", uri, "sink.batch.max-age", "500ms"))) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink alive, see %s", sink.log()).isTrue();
                assertThat(BrokerPerClass.version(table)).as("table version").isGreaterThanOrEqualTo(0);
                assertThat(table.eventIds()).hasSameSizeAs(events);
            });
            Set<String> expected = new HashSet<>(events.stream().map(ClickEvent::eventId).toList());
            assertThat(new HashSet<>(table.eventIds())).isEqualTo(expected);

            // dead letters published by the sink's own producer, and offsets committed to its group
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(endOffsets("clicks-dlq")).isEqualTo(3);
                assertThat(committedOffsets(GROUP)).isEqualTo(endOffsets("clicks"));
            });
            JsonNode status = JSON.readTree(sink.get("/api/sink"));
            assertThat(status.path("dlq_records").asLong()).isEqualTo(3);
            assertThat(status.path("rows_committed").asLong()).isEqualTo(events.size());
            assertThat(status.path("state").asText()).isEqualTo("running");
            assertThat(sink.output()).doesNotContain("failed authentication", "AuthorizationException",
                    "Not authorized");
        }
    }

    private static long endOffsets(String topic) throws Exception {
        try (Admin admin = kafka.broker().admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private static long committedOffsets(String group) throws Exception {
        try (Admin admin = kafka.broker().admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
