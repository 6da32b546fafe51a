package io.clickstream.sink.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.clickstream.sink.compact.TestTable;
import io.clickstream.sink.support.TableReader;

/**
 * delta-standalone 3.3.2 deletes expired log files itself: after writing a checkpoint it deletes the JSON commits
 * (and older checkpoints) before that checkpoint whose modification time is older than the table's
 * {@code delta.logRetentionDuration} (30 days on the sink's tables), while {@code delta.enableExpiredLogCleanup}
 * is true. Younger commits stay, so time travel reaches back at least that far. File ages are set, not waited for.
 */
class LogRetentionTest {

    static final LocalDate DATE = LocalDate.parse("2026-04-01");

    @Test
    void aCheckpointDeletesTheCommitsOlderThanTheLogRetentionAndNothingYounger() throws Exception {
        TestTable t = new TestTable();
        for (int i = 0; i < 10; i++) {
            t.append(Map.of(DATE, 5)); // versions 1..10, a checkpoint at 10
        }
        Path log = t.dir().resolve("_delta_log");
        assertThat(log.resolve("00000000000000000010.checkpoint.parquet")).exists();
        Instant now = Instant.now();
        for (int v = 0; v <= 9; v++) {
            // versions 0..4 a day past the retention, 5..9 a day short of it
            Files.setLastModifiedTime(json(log, v), FileTime.from(now.minus(Duration.ofDays(v <= 4 ? 31 : 29))));
        }

        for (int i = 0; i < 9; i++) {
            t.append(Map.of(DATE, 5)); // versions 11..19: no checkpoint, no cleanup
        }
        assertThat(commits(log)).containsExactlyElementsOf(range(0, 19));

        Map<String, Long> last = Map.copyOf(t.rowMultiset());
        Map<String, Long> offsets = t.txnVersions();
        t.append(Map.of(DATE, 5)); // version 20: a checkpoint, then the cleanup
        assertThat(log.resolve("00000000000000000020.checkpoint.parquet")).exists();
        assertThat(commits(log)).containsExactlyElementsOf(range(5, 20));
        assertThat(log.resolve("00000000000000000010.checkpoint.parquet")).exists();

        // the table still opens (from a checkpoint) with every row and offset, and a fresh log instance agrees
        TableReader fresh = new TableReader(t.conf, t.uri);
        assertThat(fresh.snapshot().getVersion()).isEqualTo(20);
        assertThat(t.rowMultiset()).containsAllEntriesOf(last).hasSize(last.size() + 5);
        var tx = fresh.log().startTransaction();
        assertThat(tx.txnVersion(TestTable.APP_ID + "-" + TestTable.TOPIC + "-0")).isGreaterThan(offsets.get("p0"));
        assertThat(tx.txnVersion(TestTable.APP_ID + "-" + TestTable.TOPIC + "-1")).isGreaterThan(offsets.get("p1"));
    }

    private static Path json(Path log, long version) {
        return log.resolve(String.format("%020d.json", version));
    }

    private static Set<Long> commits(Path log) throws IOException {
        try (Stream<Path> s = Files.list(log)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> s = new TreeSet<>();
        for (long v = from; v <= to; v++) {
            s.add(v);
        }
        return s;
    }
}
