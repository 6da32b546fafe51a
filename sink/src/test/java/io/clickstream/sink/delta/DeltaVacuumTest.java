package io.clickstream.sink.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.clickstream.sink.compact.CompactionPolicy;
import io.clickstream.sink.compact.CompactionResult;
import io.clickstream.sink.compact.Compactor;
import io.clickstream.sink.compact.TestTable;
import io.clickstream.sink.table.VacuumResult;
import io.delta.standalone.actions.AddFile;

/**
 * VACUUM on a real {@code file:} table that the sink's committer wrote and its compactor compacted. Time is
 * controlled through the vacuum's clock and the files' modification times, never by waiting.
 */
class DeltaVacuumTest {

    static final LocalDate BUSY = LocalDate.parse("2026-03-01");
    static final LocalDate QUIET = LocalDate.parse("2026-03-02");
    static final Duration DAY = Duration.ofDays(1);

    TestTable t;
    /** files the compaction removed: path → size */
    Map<String, Long> removed;
    Map<String, Long> rowsBefore;
    Instant compactedAt;

    @BeforeEach
    void compactedTable() throws Exception {
        t = new TestTable();
        for (int i = 0; i < 12; i++) {
            t.append(i < 2 ? Map.of(BUSY, 40, QUIET, 5) : Map.of(BUSY, 40));
        }
        Map<String, Long> busyFiles = sizes(t.filesByDate().get(BUSY.toString()));
        rowsBefore = t.rowMultiset();
        List<CompactionResult> results = new Compactor(t.table, t.reader, t.writer, new CompactionPolicy(10, 128L * 1024 * 1024),
                List.of()).runOnce();
        compactedAt = Instant.now();
        assertThat(results).hasSize(1);
        removed = busyFiles;
        assertThat(removed).hasSize(12);
        assertThat(t.filesByDate().get(BUSY.toString())).hasSize(1);
    }

    @Test
    void theTableCarriesExplicitRetentionProperties() throws IOException {
        assertThat(t.tableReader().snapshot().getMetadata().getConfiguration())
                .containsEntry("delta.deletedFileRetentionDuration", "interval 7 days")
                .containsEntry("delta.logRetentionDuration", "interval 30 days")
                .containsEntry("delta.enableExpiredLogCleanup", "true");
        assertThat(vacuumAt(compactedAt, true).tableRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void afterTheRetentionExactlyTheCompactedFilesGoAndTheRowsStayTheSame() throws IOException {
        Set<String> logBefore = list(t.dir().resolve("_delta_log"));
        setAge(t.dir().resolve("_delta_log"), Duration.ofDays(60)); // old log files are never VACUUM's business
        Set<String> dataBefore = dataFiles();

        VacuumResult dry = vacuumAt(compactedAt.plus(Duration.ofDays(8)), true).run(Optional.empty(), true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(new TreeSet<>(dry.paths())).isEqualTo(new TreeSet<>(removed.keySet()));
        assertThat(dry.files()).isEqualTo(12);
        assertThat(dry.bytes()).isEqualTo(removed.values().stream().mapToLong(Long::longValue).sum());
        assertThat(dataFiles()).isEqualTo(dataBefore); // a dry run deletes nothing

        VacuumResult done = vacuumAt(compactedAt.plus(Duration.ofDays(8)), true).run(Optional.empty(), false);
        assertThat(done.dryRun()).isFalse();
        assertThat(new TreeSet<>(done.paths())).isEqualTo(new TreeSet<>(removed.keySet()));
        assertThat(done.files()).isEqualTo(dry.files());
        assertThat(done.bytes()).isEqualTo(dry.bytes());
        Set<String> expected = new TreeSet<>(dataBefore);
        expected.removeAll(removed.keySet());
        assertThat(dataFiles()).isEqualTo(expected);
        assertThat(list(t.dir().resolve("_delta_log"))).isEqualTo(logBefore);
        assertThat(t.rowMultiset()).isEqualTo(rowsBefore);

        // nothing left to do
        assertThat(vacuumAt(compactedAt.plus(Duration.ofDays(8)), true).run(Optional.empty(), false).files()).isZero();
    }

    @Test
    void withinTheRetentionNothingGoesEvenFilesWrittenLongAgo() throws IOException {
        // the removed files are old, but versions within the retention still reference them
        setAge(t.dir(), Duration.ofDays(30));
        Set<String> before = dataFiles();
        VacuumResult r = vacuumAt(compactedAt.plus(Duration.ofDays(6)), true).run(Optional.empty(), false);
        assertThat(r.files()).isZero();
        assertThat(dataFiles()).isEqualTo(before);

        // a shorter retention (checks off, as in tests) lets them go, and only them
        VacuumResult shorter = vacuumAt(compactedAt.plus(Duration.ofMinutes(2)), false).run(Optional.of(Duration.ofMinutes(1)), false);
        assertThat(new TreeSet<>(shorter.paths())).isEqualTo(new TreeSet<>(removed.keySet()));
        assertThat(t.rowMultiset()).isEqualTo(rowsBefore);
    }

    @Test
    void orphansGoOnlyOnceOlderThanTheRetention() throws IOException {
        Path partition = t.dir().resolve("event_date=" + BUSY);
        Path fresh = Files.write(partition.resolve("part-fresh-uncommitted.snappy.parquet"), new byte[100]);
        Path old = Files.write(partition.resolve("part-old-uncommitted.snappy.parquet"), new byte[300]);
        Path hidden = Files.write(partition.resolve("_tmp-writer-file"), new byte[10]);
        Instant now = compactedAt.plus(Duration.ofDays(8));
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofHours(1))));
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(hidden, FileTime.from(now.minus(Duration.ofDays(60))));

        VacuumResult r = vacuumAt(now, true).run(Optional.empty(), false);
        assertThat(r.paths()).contains("event_date=" + BUSY + "/part-old-uncommitted.snappy.parquet")
                .doesNotContain("event_date=" + BUSY + "/part-fresh-uncommitted.snappy.parquet");
        assertThat(r.files()).isEqualTo(13);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(hidden).exists();
    }

    @Test
    void filesOfTheLatestVersionStayHoweverOld() throws IOException {
        setAge(t.dir(), Duration.ofDays(365));
        Map<String, Long> live = new HashMap<>();
        t.filesByDate().values().forEach(fs -> live.putAll(sizes(fs)));
        vacuumAt(compactedAt.plus(Duration.ofDays(365)), true).run(Optional.empty(), false);
        assertThat(dataFiles()).isEqualTo(new TreeSet<>(live.keySet()));
        assertThat(t.rowMultiset()).isEqualTo(rowsBefore);
    }

    @Test
    void retentionsBelowTheMinimumOrAboveTheTablesAreRefused() {
        Set<String> before = dataFiles();
        assertThatThrownBy(() -> vacuumAt(compactedAt, true).run(Optional.of(Duration.ofMinutes(59)), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the minimum of PT1H");
        assertThatThrownBy(() -> vacuumAt(compactedAt, true).run(Optional.of(Duration.ofDays(8)), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta.deletedFileRetentionDuration");
        assertThat(dataFiles()).isEqualTo(before);
    }

    private DeltaVacuum vacuumAt(Instant now, boolean retentionCheck) {
        return new DeltaVacuum(t.conf, t.uri, Clock.fixed(now, ZoneOffset.UTC), retentionCheck);
    }

    private static Map<String, Long> sizes(List<AddFile> files) {
        return files.stream().collect(Collectors.toMap(AddFile::getPath, AddFile::getSize));
    }

    /** Data files under the table root, relative, without checksums and the log. */
    private Set<String> dataFiles() {
        try (Stream<Path> s = Files.walk(t.dir())) {
            return s.filter(Files::isRegularFile).map(p -> t.dir().relativize(p).toString())
                    .filter(p -> !p.startsWith("_delta_log") && !p.contains("/.") && !p.startsWith("."))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Makes every file under {@code dir} look {@code age} older than the compaction. */
    private void setAge(Path dir, Duration age) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(compactedAt.minus(age)));
            }
        }
    }
}
