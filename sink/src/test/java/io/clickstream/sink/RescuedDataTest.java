package io.clickstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.kafka.local.KafkaTestResource;
import io.clickstream.sink.kafka.Channels;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.support.TempTableResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Nothing is dropped: unknown fields land in {@code _rescued_data}, the version 2 fields in their columns (or,
 * in a version 1 event, in {@code _rescued_data}); an unknown version or a known field of the wrong type goes to
 * the dead-letter topic with a reason that says so.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TempTableResource.class)
class RescuedDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unknownFieldsAreKeptAndIncompatibleEventsAreDeadLettered() throws Exception {
        List<ClickEvent> events = Events.generate(5, 61, Instant.parse("2026-06-01T08:00:00Z"), 1_000);
        ObjectNode withExtras = tree(events.get(0));
        withExtras.put("color", "red");
        withExtras.set("cart", JSON.readTree("{\"items\":[1,{\"sku\":\"a\"}],\"gift\":true}"));
        ObjectNode v1WithV2Field = tree(events.get(1));
        v1WithV2Field.put("schema_version", 1);
        v1WithV2Field.put("coupon_code", "SPRING5");
        ObjectNode v2 = tree(events.get(2).withVersion2("checkout-button-2026q4", "B", "WELCOME10"));
        ObjectNode v3 = tree(events.get(3));
        v3.put("schema_version", 3);
        ObjectNode wrongType = tree(events.get(4));
        wrongType.put("store_id", 7);

        String marker = UUID.randomUUID().toString();
        Map<Long, String> offsets = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Producers.create(SinkRoundTripTest.bootstrap())) {
            for (var e : Map.of("extras", withExtras, "v1", v1WithV2Field, "v2", v2, "v3", v3, "wrong-type", wrongType).entrySet()) {
                long offset = producer.send(new ProducerRecord<>("clicks", 1, (marker + ":" + e.getKey()).getBytes(StandardCharsets.UTF_8),
                        JSON.writeValueAsBytes(e.getValue()))).get().offset();
                offsets.put(offset, e.getKey());
            }
        }

        Map<String, TableReader.Row> rows = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            rows.clear();
            for (TableReader.Row r : SinkRoundTripTest.table().rows()) {
                if (r.values().getInteger("kafka_partition", 0) == 1) {
                    String name = offsets.get(r.values().getLong("kafka_offset", 0));
                    if (name != null) {
                        rows.put(name, r);
                    }
                }
            }
            assertThat(rows.keySet()).containsExactlyInAnyOrder("extras", "v1", "v2");
        });
        assertThat(string(rows.get("extras"), "_rescued_data"))
                .isEqualTo("{\"color\":\"red\",\"cart\":{\"items\":[1,{\"sku\":\"a\"}],\"gift\":true}}");
        assertThat(string(rows.get("v1"), "_rescued_data")).isEqualTo("{\"coupon_code\":\"SPRING5\"}");
        assertThat(string(rows.get("v1"), "coupon_code")).isNull();
        assertThat(rows.get("v1").values().getInteger("schema_version", 0)).isEqualTo(1);
        assertThat(string(rows.get("v2"), "_rescued_data")).isNull();
        assertThat(string(rows.get("v2"), "experiment_id")).isEqualTo("checkout-button-2026q4");
        assertThat(string(rows.get("v2"), "variant")).isEqualTo("B");
        assertThat(string(rows.get("v2"), "coupon_code")).isEqualTo("WELCOME10");

        Map<String, String> reasons = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SinkRoundTripTest.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + marker);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("clicks-dlq"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(marker + ":")) {
                        reasons.put(key.substring(marker.length() + 1),
                                new String(r.headers().lastHeader(Channels.HEADER_REASON).value(), StandardCharsets.UTF_8));
                    }
                }
                assertThat(reasons.keySet()).containsExactlyInAnyOrder("v3", "wrong-type");
            });
        }
        assertThat(reasons.get("v3")).isEqualTo("schema_version: unsupported version 3: newer than this reader knows (1 to 2)");
        assertThat(reasons.get("wrong-type")).isEqualTo("store_id: expected a string, got number");
    }

    private static String string(TableReader.Row row, String column) {
        return row.values().getFieldRepetitionCount(column) == 0 ? null : row.values().getString(column, 0);
    }

    private static ObjectNode tree(ClickEvent e) throws Exception {
        return (ObjectNode) ClickEventCodec.mapper().readTree(ClickEventCodec.encode(e));
    }
}
