package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;

/**
 * The trap of a topic deleted and created again while the table keeps its offsets: the table's txn versions
 * then point past the new log's end, and resuming would silently drop every new record. The sink must refuse
 * to consume, say why, and report itself not alive, leaving the table untouched.
 */
class TopicRecreatedIT extends BrokerPerClass {

    @Test
    void tableOffsetsPastTheLogEndStopTheSinkLoudly() throws Exception {
        String uri = newTableUri("recreated-");
        TableReader table = new TableReader(uri);
        Map<String, String> props = inGroup("recreated-test");
        Instant start = Instant.parse("2026-11-25T10:00:00Z");

        List<ClickEvent> first = Events.generate(600, 5, start, 10);
        Producers.send(broker.bootstrapServers(), "clicks", first);
        try (SinkProcess sink = SinkProcess.start("recreated-1", broker.bootstrapServers(), uri, props)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(table.eventIds()).hasSize(first.size());
            });
            sink.stop();
        }
        long version = version(table);

        try (Admin admin = broker.admin()) {
            admin.deleteTopics(List.of("clicks")).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains("clicks"));
        }
        broker.createTopics(Map.of("clicks", 6));
        // a fresh, non-idempotent producer: the broker may still know idempotent producer ids from the old topic
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            Producers.send(producer, "clicks", Events.generate(60, 6, start, 10));
        }

        try (SinkProcess sink = SinkProcess.start("recreated-2", broker.bootstrapServers(), uri, props)) {
            // (connection refused while it starts)
            await().atMost(Duration.ofSeconds(90)).ignoreExceptionsInstanceOf(java.net.ConnectException.class).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                HttpResponse<String> live = sink.management("/q/health/live");
                assertThat(live.statusCode()).isEqualTo(503);
                assertThat(live.body()).contains("Was the topic recreated?").contains("sink.table-uri");
            });
            assertThat(sink.status()).contains("\"state\":\"failed\"");
            assertThat(Files.readString(sink.log().toPath())).contains("the table already holds offset");
            sink.stop();
        }
        // nothing of the new topic reached the table, nothing of the old one was lost or rewritten
        assertThat(version(table)).isEqualTo(version);
        assertThat(Set.copyOf(table.eventIds())).isEqualTo(Set.copyOf(first.stream().map(ClickEvent::eventId).toList()));
    }
}
