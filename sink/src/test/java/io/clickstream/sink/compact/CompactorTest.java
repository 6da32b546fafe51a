package io.clickstream.sink.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.sink.support.FailingLocalFileSystem;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.TableFile;
import io.delta.standalone.VersionLog;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.CommitInfo;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;

/**
 * Compaction on a real {@code file:} table written by the sink's own committer: rows carried over exactly,
 * a {@code dataChange=false} rewrite with correct stats, and no harm to concurrent appends or compactions.
 */
class CompactorTest {

    static final LocalDate BUSY = LocalDate.parse("2026-02-01");
    static final LocalDate QUIET = LocalDate.parse("2026-02-02");
    static final CompactionPolicy POLICY = new CompactionPolicy(10, 128L * 1024 * 1024);
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void storageUp() {
        FailingLocalFileSystem.down(false);
    }

    /** 15 batches: each writes a file for BUSY; the first 5 also one for QUIET (below min-files). */
    static TestTable fifteenBatches() throws Exception {
        TestTable t = new TestTable();
        for (int b = 0; b < 15; b++) {
            t.append(b < 5 ? Map.of(BUSY, 20, QUIET, 7) : Map.of(BUSY, 20));
        }
        return t;
    }

    static Compactor compactor(TestTable t, CompactionListener... listeners) {
        return new Compactor(t.table, t.reader, t.writer, POLICY, List.of(listeners));
    }

    @Test
    void smallFilesOfADuePartitionBecomeOneFileWithTheSameRows() throws Exception {
        TestTable t = fifteenBatches();
        Map<String, Long> rowsBefore = t.rowMultiset();
        Map<String, List<AddFile>> before = t.filesByDate();
        Map<String, Long> txnsBefore = t.txnVersions();
        long versionBefore = t.version();
        assertThat(before.get(BUSY.toString())).hasSize(15);
        assertThat(before.get(QUIET.toString())).hasSize(5);
        assertThat(rowsBefore.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(15 * 20 + 5 * 7);

        List<CompactionResult> seen = new CopyOnWriteArrayList<>();
        List<CompactionResult> results = compactor(t, new CompactionListener() {
            @Override
            public void compacted(CompactionResult result) {
                seen.add(result);
            }
        }).runOnce();

        assertThat(results).hasSize(1).isEqualTo(seen);
        CompactionResult r = results.get(0);
        assertThat(r.eventDate()).isEqualTo(BUSY);
        assertThat(r.filesRemoved()).isEqualTo(15);
        assertThat(r.rows()).isEqualTo(300);
        assertThat(r.bytesRemoved()).isEqualTo(before.get(BUSY.toString()).stream().mapToLong(AddFile::getSize).sum());

        // one commit, one file for the busy date, the quiet date untouched
        assertThat(t.version()).isEqualTo(versionBefore + 1).isEqualTo(r.tableVersion());
        Map<String, List<AddFile>> after = t.filesByDate();
        assertThat(after.get(BUSY.toString())).hasSize(1);
        assertThat(TestTable.byPath(after.get(QUIET.toString()), AddFile::getSize))
                .isEqualTo(TestTable.byPath(before.get(QUIET.toString()), AddFile::getSize));
        // exactly the same rows: every column, offsets and timestamps included
        assertThat(t.rowMultiset()).isEqualTo(rowsBefore);
        assertThat(t.txnVersions()).isEqualTo(txnsBefore);
        // the removed files stay on storage for older snapshots (VACUUM's job)
        for (AddFile f : before.get(BUSY.toString())) {
            assertThat(t.dir().resolve(f.getPath())).exists();
        }

        // the log: removes and add with dataChange=false, no txn action, OPTIMIZE-like metrics
        List<Action> actions = actionsOf(t, r.tableVersion());
        List<RemoveFile> removes = ofType(actions, RemoveFile.class);
        List<AddFile> adds = ofType(actions, AddFile.class);
        assertThat(ofType(actions, SetTransaction.class)).isEmpty();
        assertThat(removes).hasSize(15).allSatisfy(rm -> {
            assertThat(rm.isDataChange()).isFalse();
            assertThat(rm.getPartitionValues()).containsEntry("event_date", BUSY.toString());
            assertThat(rm.getSize()).isPresent();
        });
        assertThat(removes.stream().map(RemoveFile::getPath).collect(Collectors.toSet()))
                .isEqualTo(before.get(BUSY.toString()).stream().map(AddFile::getPath).collect(Collectors.toSet()));
        assertThat(adds).hasSize(1);
        AddFile added = adds.get(0);
        assertThat(added.isDataChange()).isFalse();
        assertThat(added.getPartitionValues()).containsEntry("event_date", BUSY.toString());
        CommitInfo info = ofType(actions, CommitInfo.class).get(0);
        assertThat(info.getOperation()).isEqualTo("Manual Update");
        assertThat(info.getOperationParameters()).containsEntry("predicate", "[\"event_date = '2026-02-01'\"]");
        assertThat(info.getOperationMetrics().orElseThrow()).containsEntry("numRemovedFiles", "15").containsEntry("numAddedFiles", "1");

        // its stats: those of the data it holds, and the merge of the inputs' stats
        JsonNode stats = JSON.readTree(added.getStats());
        List<TableReader.Row> rows = t.tableReader().rows().stream().filter(row -> row.file().equals(added.getPath())).toList();
        assertThat(stats.get("numRecords").asLong()).isEqualTo(rows.size()).isEqualTo(300);
        assertThat(stats.get("minValues").get("kafka_offset").asLong())
                .isEqualTo(rows.stream().mapToLong(row -> row.values().getLong("kafka_offset", 0)).min().orElseThrow());
        assertThat(stats.get("maxValues").get("kafka_offset").asLong())
                .isEqualTo(rows.stream().mapToLong(row -> row.values().getLong("kafka_offset", 0)).max().orElseThrow());
        assertThat(stats.get("minValues").get("event_id").asText())
                .isEqualTo(rows.stream().map(TableReader.Row::eventId).min(String::compareTo).orElseThrow());
        assertThat(stats.get("maxValues").get("event_id").asText())
                .isEqualTo(rows.stream().map(TableReader.Row::eventId).max(String::compareTo).orElseThrow());
        assertThat(stats.get("nullCount").get("user_id").asLong())
                .isEqualTo(rows.stream().filter(row -> row.values().getFieldRepetitionCount("user_id") == 0).count());
        assertThat(stats.get("minValues")).isEqualTo(merged(before.get(BUSY.toString()), "minValues", -1));
        assertThat(stats.get("maxValues")).isEqualTo(merged(before.get(BUSY.toString()), "maxValues", 1));
        for (var column = stats.get("nullCount").fields(); column.hasNext();) {
            var e = column.next();
            assertThat(e.getValue().asLong()).as(e.getKey()).isEqualTo(before.get(BUSY.toString()).stream()
                    .mapToLong(f -> stats(f).get("nullCount").get(e.getKey()).asLong()).sum());
        }

        // nothing left to do: a second round commits nothing
        assertThat(compactor(t).runOnce()).isEmpty();
        assertThat(t.version()).isEqualTo(versionBefore + 1);
    }

    @Test
    void anAppendCommittedWhileTheRewriteRunsStaysAndIsNotRemoved() throws Exception {
        TestTable t = fifteenBatches();
        Map<String, Long> rowsBefore = t.rowMultiset();
        Set<String> inputsBefore = paths(t.filesByDate().get(BUSY.toString()));

        PartitionCompaction compaction = PartitionCompaction.plan(t.table, BUSY, POLICY, t.writer).orElseThrow();
        compaction.rewrite(t.reader, () -> false);
        // between the compaction's snapshot and its commit, the sink appends to the same partition
        List<ClickRow> appended = t.append(Map.of(BUSY, 20, QUIET, 3));
        Set<String> appendedFiles = new HashSet<>(paths(t.filesByDate().get(BUSY.toString())));
        appendedFiles.removeAll(inputsBefore);
        assertThat(appendedFiles).hasSize(1);

        assertThat(compaction.commit()).isPresent();

        Map<String, List<AddFile>> after = t.filesByDate();
        Set<String> busyAfter = paths(after.get(BUSY.toString()));
        assertThat(busyAfter).hasSize(2).containsAll(appendedFiles).doesNotContainAnyElementsOf(inputsBefore);
        assertThat(t.appendConflicts).hasValue(0);
        Map<String, Long> rowsAfter = t.rowMultiset();
        assertThat(rowsAfter.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(rowsBefore.values().stream().mapToLong(Long::longValue).sum() + appended.size());
        for (Map.Entry<String, Long> e : rowsBefore.entrySet()) {
            assertThat(rowsAfter.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(t.tableReader().eventIds()).doesNotHaveDuplicates()
                .containsAll(appended.stream().map(row -> row.event().eventId()).toList());
    }

    @Test
    void aCompactionCommittedDuringAnAppendDoesNotMakeTheAppendConflict() throws Exception {
        TestTable t = fifteenBatches();
        Map<String, Long> rowsBefore = t.rowMultiset();
        long versionBefore = t.version();
        Compactor compactor = compactor(t);
        List<CompactionResult> compacted = new ArrayList<>();
        AtomicBoolean once = new AtomicBoolean();
        // the committer writes its files after starting its transaction: the compaction commits right then
        DataFileWriter compactingWriter = new DataFileWriter() {
            @Override
            public List<DataFile> write(List<ColumnBatch> rows) throws IOException {
                if (once.compareAndSet(false, true)) {
                    compacted.addAll(compactor.runOnce());
                }
                return t.writer.write(rows);
            }

            @Override
            public void deleteQuietly(List<DataFile> files) {
                t.writer.deleteQuietly(files);
            }

            @Override
            public OpenFile open(LocalDate eventDate) throws IOException {
                return t.writer.open(eventDate);
            }
        };
        Map<String, Long> txnsBefore = t.txnVersions();

        List<ClickRow> appended = t.append(Map.of(BUSY, 20), compactingWriter);

        assertThat(compacted).hasSize(1);
        assertThat(t.appendConflicts).as("the append committed at its first attempt").hasValue(0);
        assertThat(t.version()).isEqualTo(versionBefore + 2);
        assertThat(t.filesByDate().get(BUSY.toString())).hasSize(2);
        Map<String, Long> rowsAfter = t.rowMultiset();
        assertThat(rowsAfter.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(rowsBefore.values().stream().mapToLong(Long::longValue).sum() + appended.size());
        assertThat(rowsAfter).containsAllEntriesOf(rowsBefore);
        assertThat(t.tableReader().eventIds()).doesNotHaveDuplicates();
        Map<String, Long> txnsAfter = t.txnVersions();
        assertThat(txnsAfter.get("p0")).isGreaterThan(txnsBefore.get("p0"));
        assertThat(txnsAfter.get("p1")).isGreaterThan(txnsBefore.get("p1"));
    }

    @Test
    void twoCompactorsOnTheSameFilesCommitOnlyOnceAndTheLoserDeletesItsFile() throws Exception {
        TestTable one = fifteenBatches();
        TestTable two = one.sameTable();
        Map<String, Long> rowsBefore = one.rowMultiset();
        long versionBefore = one.version();

        PartitionCompaction first = PartitionCompaction.plan(one.table, BUSY, POLICY, one.writer).orElseThrow();
        PartitionCompaction second = PartitionCompaction.plan(two.table, BUSY, POLICY, two.writer).orElseThrow();
        assertThat(tablePaths(second.inputs())).isEqualTo(tablePaths(first.inputs()));
        first.rewrite(one.reader, () -> false);
        second.rewrite(two.reader, () -> false);
        Set<Path> written = parquetFiles(one.dir().resolve("event_date=" + BUSY));

        assertThat(first.commit()).isPresent();
        assertThat(second.commit()).as("the loser gives up").isEmpty();

        assertThat(one.version()).isEqualTo(versionBefore + 1);
        assertThat(one.filesByDate().get(BUSY.toString())).hasSize(1);
        assertThat(one.rowMultiset()).isEqualTo(rowsBefore);
        // the loser's output is gone from storage, the winner's stays
        Set<Path> left = parquetFiles(one.dir().resolve("event_date=" + BUSY));
        assertThat(written).hasSize(15 + 2);
        assertThat(left).hasSize(15 + 1);
        assertThat(left).contains(one.dir().resolve(one.filesByDate().get(BUSY.toString()).get(0).getPath()));
    }

    @Test
    void aStoppedRewriteLeavesNoFileBehind() throws Exception {
        TestTable t = fifteenBatches();
        Set<Path> filesBefore = parquetFiles(t.dir().resolve("event_date=" + BUSY));
        PartitionCompaction compaction = PartitionCompaction.plan(t.table, BUSY, POLICY, t.writer).orElseThrow();
        AtomicInteger rows = new AtomicInteger();

        assertThatThrownBy(() -> compaction.rewrite(t.reader, () -> rows.incrementAndGet() > 100))
                .isInstanceOf(CancellationException.class);

        assertThat(parquetFiles(t.dir().resolve("event_date=" + BUSY))).isEqualTo(filesBefore);
    }

    @Test
    void storageFailuresAreCountedAndTheNextRoundCompacts() throws Exception {
        // the same table through a file system that can be switched off
        TestTable healthy = fifteenBatches();
        TestTable t = new TestTable(healthy.uri, Map.of("fs.file.impl", FailingLocalFileSystem.class.getName(),
                "fs.file.impl.disable.cache", "true"));
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<CompactionResult> compacted = new CopyOnWriteArrayList<>();
        CompactionListener listener = new CompactionListener() {
            @Override
            public void compacted(CompactionResult result) {
                compacted.add(result);
            }

            @Override
            public void roundCompleted() {
                completed.incrementAndGet();
            }

            @Override
            public void roundFailed(Exception error) {
                failures.incrementAndGet();
            }
        };
        FailingLocalFileSystem.down(true);
        try (Compactor compactor = compactor(t, listener)) {
            compactor.start(Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failures).hasValueGreaterThanOrEqualTo(2));
            assertThat(compacted).isEmpty();

            FailingLocalFileSystem.down(false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(compacted).hasSize(1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completed).hasValueGreaterThanOrEqualTo(1));
        }
        assertThat(healthy.filesByDate().get(BUSY.toString())).hasSize(1);
        assertThat(healthy.tableReader().eventIds()).hasSize(15 * 20 + 5 * 7).doesNotHaveDuplicates();
    }

    private static List<Action> actionsOf(TestTable t, long version) {
        Iterator<VersionLog> changes = t.tableReader().log().getChanges(version, true);
        VersionLog log = changes.next();
        assertThat(log.getVersion()).isEqualTo(version);
        return log.getActions();
    }

    private static <T> List<T> ofType(List<Action> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> paths(List<AddFile> files) {
        return files.stream().map(AddFile::getPath).collect(Collectors.toSet());
    }

    private static Set<String> tablePaths(List<TableFile> files) {
        return files.stream().map(TableFile::path).collect(Collectors.toSet());
    }

    private static Set<Path> parquetFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.toSet());
        }
    }

    private static JsonNode stats(AddFile f) {
        try {
            return JSON.readTree(f.getStats());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per column, the smallest ({@code sign} -1) or largest (+1) of the files' values. */
    private static JsonNode merged(List<AddFile> files, String field, int sign) {
        Map<String, JsonNode> best = new HashMap<>();
        for (AddFile f : files) {
            stats(f).get(field).fields().forEachRemaining(e -> best.merge(e.getKey(), e.getValue(),
                    (a, b) -> Integer.signum(compare(b, a)) == sign ? b : a));
        }
        return JSON.valueToTree(best);
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        return a.asText().compareTo(b.asText());
    }
}
