package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.contract.ClickEventCodec;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.Producers;
import io.clickstream.sink.support.TableReader;
import io.delta.standalone.actions.CommitInfo;

/**
 * Records the table needs but Kafka has deleted (retention ran while the sink was stopped): by default the sink
 * stops and says which partition lost how many offsets, leaving the table as it was; with
 * {@code sink.on-offset-gap=accept} it goes on from the log start and the gap is in the table's history, the
 * status and the metrics. Without the check the consumer would jump over the gap without a word.
 */
class OffsetGapIT extends BrokerPerClass {

    static final int LOST_PER_PARTITION = 5;

    @Test
    void offsetsDeletedBeforeTheTableGotThemStopTheSinkUnlessAccepted() throws Exception {
        String uri = newTableUri("gap-");
        TableReader table = new TableReader(uri);
        Map<String, String> props = inGroup("gap-test");
        Instant start = Instant.parse("2026-11-30T08:00:00Z");

        List<ClickEvent> first = Events.generate(0, 300, 41, start, 10);
        Producers.send(broker.bootstrapServers(), "clicks", first);
        try (SinkProcess sink = SinkProcess.start("gap-1", broker.bootstrapServers(), uri, props)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(table.eventIds()).hasSize(first.size());
            });
            sink.stop();
        }
        Map<Integer, Long> tableHolds = partitionEnds();

        // while the sink is stopped: more events, then "retention" deletes the oldest of them in every partition
        List<ClickEvent> second = Events.generate(300, 300, 42, start.plusSeconds(60), 10);
        Producers.send(broker.bootstrapServers(), "clicks", second);
        Map<TopicPartition, Map<Long, String>> ids = readTopic();
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        int lost = 0;
        for (var e : ids.entrySet()) {
            TopicPartition tp = e.getKey();
            long firstUnread = tableHolds.get(tp.partition());
            if (e.getValue().keySet().stream().filter(o -> o >= firstUnread).count() > LOST_PER_PARTITION) {
                deletions.put(tp, RecordsToDelete.beforeOffset(firstUnread + LOST_PER_PARTITION));
                for (long o = firstUnread; o < firstUnread + LOST_PER_PARTITION; o++) {
                    deleted.add(e.getValue().get(o));
                }
                lost += LOST_PER_PARTITION;
            }
        }
        assertThat(deletions).as("partitions with enough new records").hasSizeGreaterThanOrEqualTo(3);
        try (Admin admin = broker.admin()) {
            admin.deleteRecords(deletions).all().get();
        }
        long version = version(table);

        try (SinkProcess sink = SinkProcess.start("gap-fail", broker.bootstrapServers(), uri, props)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptionsInstanceOf(ConnectException.class).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                HttpResponse<String> live = sink.management("/q/health/live");
                assertThat(live.statusCode()).isEqualTo(503);
                assertThat(live.body()).containsPattern("partition clicks-\\d: " + LOST_PER_PARTITION + " offset\\(s\\) lost")
                        .contains("sink.on-offset-gap=accept");
            });
            assertThat(sink.status()).contains("\"state\":\"failed\"");
            sink.stop();
        }
        assertThat(version(table)).as("nothing committed while failing").isEqualTo(version);

        Map<String, String> accepting = new HashMap<>(props);
        accepting.put("sink.on-offset-gap", "accept");
        Set<String> expected = new HashSet<>();
        first.forEach(e -> expected.add(e.eventId()));
        second.forEach(e -> expected.add(e.eventId()));
        expected.removeAll(deleted);
        try (SinkProcess sink = SinkProcess.start("gap-accept", broker.bootstrapServers(), uri, accepting)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                assertThat(table.eventIds()).hasSize(expected.size());
            });
            List<String> rows = table.eventIds();
            assertThat(rows).doesNotHaveDuplicates();
            assertThat(new HashSet<>(rows)).isEqualTo(expected);
            assertThat(sink.status()).contains("\"state\":\"running\"").contains("\"offsets_skipped\":" + lost);
            assertThat(SinkProcess.metric(sink.management("/q/metrics").body(), "clickstream_sink_offsets_skipped_total")).isEqualTo((double) lost);
            sink.stop();
        }
        long notes = 0;
        for (long v = version + 1; v <= version(table); v++) {
            CommitInfo info = table.log().getCommitInfoAt(v);
            if (info.getUserMetadata().filter(m -> m.contains("accepted an offset gap")).isPresent()) {
                notes++;
                assertThat(info.getUserMetadata().get()).containsPattern(LOST_PER_PARTITION + " offset\\(s\\) lost");
            }
        }
        assertThat(notes).as("one history note per partition with a gap").isEqualTo(deletions.size());
    }

    /** Log end offset of each partition now: what the table holds after the first sink drained the topic. */
    private static Map<Integer, Long> partitionEnds() {
        Map<Integer, Long> ends = new HashMap<>();
        readTopic().forEach((tp, byOffset) -> ends.put(tp.partition(),
                byOffset.keySet().stream().mapToLong(Long::longValue).max().orElse(-1) + 1));
        return ends;
    }

    /** Every record of the topic: partition → offset → event id. */
    private static Map<TopicPartition, Map<Long, String>> readTopic() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<TopicPartition, Map<Long, String>> result = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor("clicks").stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            tps.forEach(tp -> result.put(tp, new HashMap<>()));
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String id = ClickEventCodec.decode(r.value()).event().eventId();
                    result.get(new TopicPartition(r.topic(), r.partition())).put(r.offset(), id);
                }
            }
        }
        return result;
    }
}
