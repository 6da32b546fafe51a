package io.clickstream.sink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.clickstream.sink.support.TableReader;

/**
 * The packaged sink, killed with SIGKILL several times while events flow, then restarted: the table
 * ends up with exactly the events produced, no gap and no duplicate.
 */
class CrashRecoveryIT extends BrokerPerClass {

    @Test
    void killNineRepeatedlyLosesAndDuplicatesNothing() throws Exception {
        String uri = newTableUri("crash-");
        TableReader table = new TableReader(uri);
        Map<String, String> props = inGroup("crash-test");

        try (PacedProducer producer = new PacedProducer(broker.bootstrapServers(), 77, 100, 50)) {
            for (int kill = 1; kill <= 3; kill++) {
                long versionBefore = version(table);
                try (SinkProcess sink = SinkProcess.start("crash-" + kill, broker.bootstrapServers(), uri, props)) {
                    // let it commit a few batches, then kill it mid-stream (events keep flowing)
                    await().atMost(Duration.ofSeconds(90)).until(() -> !sink.isAlive() || version(table) >= versionBefore + 3);
                    assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                    sink.kill();
                }
            }
            Set<String> produced = producer.stop();
            assertThat(produced).hasSizeGreaterThan(1_000);
            try (SinkProcess sink = SinkProcess.start("crash-final", broker.bootstrapServers(), uri, props)) {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    assertThat(sink.isAlive()).as("sink process alive, see " + sink.log()).isTrue();
                    assertThat(table.eventIds()).hasSameSizeAs(produced);
                });
                List<String> ids = table.eventIds();
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(new HashSet<>(ids)).isEqualTo(produced);
                sink.stop();
            }
        }
    }
}
