package io.clickstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.sink.kafka.Channels;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TempTableResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every kind of bad record goes to the dead-letter topic with its reason; good records around them all arrive. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TempTableResource.class)
class DeadLetterTest {

    @Test
    void badRecordsGoToTheDeadLetterTopicAndGoodOnesToTheTable() throws Exception {
        String bootstrap = SinkRoundTripTest.bootstrap();
        List<ClickEvent> good = Events.generate(40, 21, Instant.parse("2026-04-01T08:00:00Z"), 1_000);
        String valid = ClickEventCodec.encodeToString(good.get(0));
        String marker = UUID.randomUUID().toString();

        // name → (value, words expected in the reason)
        Map<String, byte[]> bad = new LinkedHashMap<>();
        Map<String, String> expected = new HashMap<>();
        bad.put("not-json", "this is not json".getBytes(StandardCharsets.UTF_8));
        expected.put("not-json", "not valid JSON");
        bad.put("truncated", valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8));
        expected.put("truncated", "not valid JSON");
        bad.put("wrong-type", valid.replace("\"schema_version\":" + ClickEvent.SCHEMA_VERSION, "\"schema_version\":\"one\"").getBytes(StandardCharsets.UTF_8));
        expected.put("wrong-type", "schema_version");
        bad.put("missing-field", valid.replaceFirst("\"store_id\":\"[^\"]*\",", "").getBytes(StandardCharsets.UTF_8));
        expected.put("missing-field", "store_id: required field is missing");
        bad.put("empty", new byte[0]);
        expected.put("empty", "empty");
        bad.put("null", null);
        expected.put("null", "null");
        byte[] invalidUtf8 = valid.getBytes(StandardCharsets.UTF_8);
        invalidUtf8[20] = (byte) 0xC3;
        invalidUtf8[21] = (byte) 0x28;
        bad.put("invalid-utf8", invalidUtf8);
        expected.put("invalid-utf8", "UTF-8");
        byte[] big = new byte[900 * 1024];
        Arrays.fill(big, (byte) 'x');
        bad.put("900kb", big);
        expected.put("900kb", "too large");

        Map<Long, String> offsetToName = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Producers.create(bootstrap)) {
            Producers.send(producer, "clicks", good.subList(0, 20));
            for (var e : bad.entrySet()) {
                // all on partition 0 with a marker key, so they can be told apart from other tests' records
                RecordMetadata md = producer.send(new ProducerRecord<>("clicks", 0,
                        (marker + ":" + e.getKey()).getBytes(StandardCharsets.UTF_8), e.getValue())).get();
                offsetToName.put(md.offset(), e.getKey());
            }
            Producers.send(producer, "clicks", good.subList(20, 40));
        }

        Set<String> goodIds = good.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                SinkRoundTripTest.table().eventIds().stream().filter(goodIds::contains).count()).isEqualTo(goodIds.size()));

        Map<String, ConsumerRecord<byte[], byte[]>> dead = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + marker);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("clicks-dlq"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(marker + ":")) {
                        dead.put(key.substring(marker.length() + 1), r);
                    }
                }
                assertThat(dead.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
            });
        }
        for (var e : dead.entrySet()) {
            ConsumerRecord<byte[], byte[]> r = e.getValue();
            String reason = header(r, Channels.HEADER_REASON);
            assertThat(reason).as(e.getKey()).containsIgnoringCase(expected.get(e.getKey()));
            assertThat(header(r, Channels.HEADER_TOPIC)).isEqualTo("clicks");
            assertThat(header(r, Channels.HEADER_PARTITION)).isEqualTo("0");
            assertThat(offsetToName.get(Long.parseLong(header(r, Channels.HEADER_OFFSET)))).isEqualTo(e.getKey());
            assertThat(r.value()).as("original value kept for " + e.getKey()).isEqualTo(bad.get(e.getKey()));
        }
        // the table has none of them: every row is a valid event (no row at a dead-letter offset)
        List<Long> deadOffsets = new ArrayList<>(offsetToName.keySet());
        assertThat(SinkRoundTripTest.table().rows().stream()
                .filter(row -> row.values().getInteger("kafka_partition", 0) == 0)
                .map(row -> row.values().getLong("kafka_offset", 0))).doesNotContainAnyElementsOf(deadOffsets);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
