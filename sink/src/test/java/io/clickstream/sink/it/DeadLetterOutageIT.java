package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.kafka.local.KafkaBroker;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;

/**
 * The dead-letter topic disappears while invalid records arrive (a broker that does not create topics on use, as
 * Strimzi-managed clusters are run): the sink says so (state, readiness, metrics), keeps the batch holding those
 * records uncommitted, and once the topic is back it sends them and commits: the table and the dead-letter
 * topic end up with exactly the valid and the invalid records.
 */
class DeadLetterOutageIT {

    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(Files.createTempDirectory("kafka-dlq-outage-"), 0, Map.of("auto.create.topics.enable", "false"))
                .start();
        broker.createTopics(Map.of("clicks", 1, "clicks-dlq", 1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aMissingDeadLetterTopicIsVisibleAndLosesNothing() throws Exception {
        String uri = BrokerPerClass.newTableUri("dlq-outage-");
        TableReader table = new TableReader(uri);
        Map<String, String> props = Map.of("sink.group-id", "dlq-outage", "sink.retry.max-backoff", "1s");
        Instant start = Instant.parse("2026-11-30T12:00:00Z");
        List<ClickEvent> before = Events.generate(0, 100, 51, start, 10);
        List<ClickEvent> after = Events.generate(100, 100, 52, start.plusSeconds(5), 10);
        List<String> invalid = List.of("{not json", "{\"event_id\":\"x\"}", "[]", "null", "{\"schema_version\":1}");

        try (SinkProcess sink = SinkProcess.start("dlq-outage", broker.bootstrapServers(), uri, props)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(() -> sink.management("/q/health/ready").statusCode() == 200);
            try (Admin admin = broker.admin()) {
                admin.deleteTopics(List.of("clicks-dlq")).all().get();
                await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains("clicks-dlq"));
            }
            // one partition, in this order: valid, invalid, valid
            try (KafkaProducer<byte[], byte[]> producer = Producers.create(broker.bootstrapServers())) {
                Producers.send(producer, "clicks", before);
                for (String v : invalid) {
                    producer.send(new ProducerRecord<>("clicks", v.getBytes(StandardCharsets.UTF_8))).get();
                }
                Producers.send(producer, "clicks", after);
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(sink.status()).contains("\"state\":\"dead_letters_failing\"")
                        .contains("dead-letter topic clicks-dlq: ");
                HttpResponse<String> ready = sink.management("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("dead_letters_failing");
                String metrics = sink.management("/q/metrics").body();
                assertThat(SinkProcess.metric(metrics, "clickstream_sink_dlq_failing")).isPositive();
                assertThat(SinkProcess.metric(metrics, "clickstream_sink_dlq_send_failures_total")).isPositive();
            });
            // the batch holding the invalid records stays uncommitted for as long as the topic is missing
            Set<String> afterIds = ids(after);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                    .until(() -> table.eventIds().stream().noneMatch(afterIds::contains));

            broker.createTopics(Map.of("clicks-dlq", 1));

            Set<String> expected = new HashSet<>(ids(before));
            expected.addAll(afterIds);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(table.eventIds()).hasSameSizeAs(expected);
                assertThat(sink.management("/q/health/ready").statusCode()).isEqualTo(200);
            });
            assertThat(new HashSet<>(table.eventIds())).isEqualTo(expected);
            assertThat(table.eventIds()).doesNotHaveDuplicates();
            assertThat(sink.status()).contains("\"state\":\"running\"").contains("\"dead_letters_failing\":0");
            List<ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(invalid.size());
            // retried sends may reorder them
            assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyInAnyOrderElementsOf(invalid);
            assertThat(dead).allSatisfy(r -> assertThat(header(r, "dead-letter-reason")).isNotBlank());
            sink.stop();
        }
    }

    private static Set<String> ids(List<ClickEvent> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.eventId()));
        return ids;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-outage-check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("clicks-dlq"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
            // nothing more than expected arrives
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() == expected;
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
