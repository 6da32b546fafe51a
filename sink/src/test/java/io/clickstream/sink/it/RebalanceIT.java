package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.sink.support.TableReader;

/** Several sink processes on one table in one group: a third joins, one leaves, mid-stream; exact id set. */
class RebalanceIT extends BrokerPerClass {

    private static final ObjectMapper JSON = new ObjectMapper();
    @Test
    void instancesJoiningAndLeavingKeepTheTableExact() throws Exception {
        String uri = newTableUri("rebalance-");
        TableReader table = new TableReader(uri);
        Map<String, String> props = inGroup("rebalance-test");
        String bootstrap = broker.bootstrapServers();

        try (PacedProducer producer = new PacedProducer(bootstrap, 88, 100, 50);
                SinkProcess a = SinkProcess.start("rebalance-a", bootstrap, uri, props);
                SinkProcess b = SinkProcess.start("rebalance-b", bootstrap, uri, props)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(partitions(a) + partitions(b)).isEqualTo(6);
                assertThat(partitions(a)).isPositive();
                assertThat(partitions(b)).isPositive();
            });
            long v1 = version(table);
            try (SinkProcess c = SinkProcess.start("rebalance-c", bootstrap, uri, props)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(partitions(c)).isPositive();
                    assertThat(rows(c)).isPositive();
                });
                assertThat(version(table)).isGreaterThan(v1);
                a.stop();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(partitions(b) + partitions(c)).isEqualTo(6));
                long v2 = version(table);
                await().atMost(Duration.ofSeconds(60)).until(() -> version(table) >= v2 + 3);

                Set<String> produced = producer.stop();
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(table.eventIds()).hasSameSizeAs(produced));
                List<String> ids = table.eventIds();
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(new HashSet<>(ids)).isEqualTo(produced);
                c.stop();
            }
            b.stop();
        }
    }

    private static int partitions(SinkProcess sink) {
        JsonNode s = status(sink);
        return s == null ? 0 : s.get("partitions").size();
    }

    private static long rows(SinkProcess sink) {
        JsonNode s = status(sink);
        return s == null ? 0 : s.get("rows_committed").asLong();
    }

    private static JsonNode status(SinkProcess sink) {
        String body = sink.status();
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
