package io.clickstream.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.kafka.local.KafkaBroker;
import io.clickstream.kafka.local.PackagedService;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.DataFileReader;
import io.clickstream.sink.table.TableFile;

/**
 * The broker stops for half a minute while the producer, the sink and the dashboard run, then starts again on the
 * same data. Each service reports itself not ready while the broker is away and ready again after, by itself; the
 * producer resumes sending, the dashboard's consumer reconnects, and the table ends with exactly the events in
 * the topic (every acknowledged one among them): none lost, none twice.
 */
class BrokerRestartIT {

    static final Duration OUTAGE = Duration.ofSeconds(30);

    final List<PackagedService> services = new ArrayList<>();
    KafkaBroker broker;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void thePipelineRidesOutABrokerRestart() throws Exception {
        broker = KafkaBroker.onFreePort().start();
        broker.createTopics(Map.of("clicks", 6, "clicks-dlq", 1));
        String uri = HadoopConfigurationFactory.normalizeTableUri(
                Files.createTempDirectory("restart-").resolve("clicks").toString());
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());

        PackagedService sink = start("sink", kafka, Map.of("CLICKSTREAM_TABLE_URI", uri, "SINK_GROUP_ID", "restart",
                "SINK_BATCH_MAX_AGE", "1s"));
        PackagedService dashboard = start("dashboard", kafka, Map.of());
        PackagedService producer = start("producer", kafka, Map.of("PRODUCER_EVENTS_PER_SECOND", "300",
                "PRODUCER_AUTOSTART", "true", "PRODUCER_CONTROL_TOKEN", UUID.randomUUID().toString()));
        List<PackagedService> all = List.of(producer, sink, dashboard);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (PackagedService s : all) {
                assertThat(s.isAlive()).as("alive, see " + s.log()).isTrue();
                assertThat(s.health("ready")).as("ready, see " + s.log()).isEqualTo(200);
            }
            assertThat(number(sink.get("/api/sink"), "rows_committed")).isPositive();
            assertThat(number(dashboard.get("/api/stats"), "total_events")).isPositive();
        });

        broker.stop();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (PackagedService s : all) {
                assertThat(s.health("ready")).as("not ready without a broker, see " + s.log()).isEqualTo(503);
            }
        });
        // they stay so (and alive) for as long as the broker is away
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).untilAsserted(() -> {
            for (PackagedService s : all) {
                assertThat(s.isAlive()).as("alive, see " + s.log()).isTrue();
                assertThat(s.health("ready")).as("still not ready, see " + s.log()).isEqualTo(503);
            }
        });
        long sentBefore = number(producer.get("/api/producer"), "events_sent");
        long seenBefore = number(dashboard.get("/api/stats"), "total_events");

        broker.start();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (PackagedService s : all) {
                assertThat(s.isAlive()).as("alive, see " + s.log()).isTrue();
                assertThat(s.health("ready")).as("ready again, see " + s.log()).isEqualTo(200);
            }
            assertThat(number(producer.get("/api/producer"), "events_sent")).isGreaterThan(sentBefore + 300);
            assertThat(number(dashboard.get("/api/stats"), "total_events")).isGreaterThan(seenBefore + 300);
        });

        long acknowledged = number(producer.get("/api/producer"), "events_sent");
        producer.close(); // SIGTERM: the producer sends what it holds, then stops
        services.remove(producer);
        List<String> inTopic = topicIds();
        assertThat(inTopic).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo((int) acknowledged);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(tableIds(uri)).hasSameSizeAs(inTopic));
        List<String> inTable = tableIds(uri);
        assertThat(inTable).doesNotHaveDuplicates();
        assertThat(new HashSet<>(inTable)).isEqualTo(new HashSet<>(inTopic));
        assertThat(sink.get("/api/sink")).contains("\"state\":\"running\"");
    }

    private PackagedService start(String service, Map<String, String> kafka, Map<String, String> env) {
        Map<String, String> environment = new HashMap<>(kafka);
        environment.putAll(env);
        PackagedService s = PackagedService.start(Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar"),
                "restart-" + service, environment, Map.of());
        services.add(s);
        return s;
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(String.valueOf(json));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The event id of every record in the topic. */
    private List<String> topicIds() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor("clicks").stream().map(i -> new TopicPartition("clicks", i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    ids.add(ClickEventCodec.decode(r.value()).event().eventId());
                }
            }
        }
        return ids;
    }

    /** The event id of every row in the table's latest version. */
    private static List<String> tableIds(String uri) throws IOException {
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        DeltaClickTable table = new DeltaClickTable(conf, uri);
        ParquetDataFileReader reader = new ParquetDataFileReader(conf, uri);
        List<String> ids = new ArrayList<>();
        for (TableFile f : table.files()) {
            try (DataFileReader.Rows rows = reader.open(f)) {
                for (ClickRow r = rows.read(); r != null; r = rows.read()) {
                    ids.add(r.event().eventId());
                }
            }
        }
        return ids;
    }
}
