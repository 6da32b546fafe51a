package io.clickstream.sink.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clickstream.sink.table.TableFile;

/** Which files a compaction picks. */
class CompactionPolicyTest {

    static final long MB = 1024 * 1024;

    /** A file of the given size in MB, written at minute {@code minute}. */
    static TableFile file(String name, long sizeMb, long minute) {
        return new TableFile("event_date=2026-02-01/" + name, Map.of("event_date", "2026-02-01"), sizeMb * MB, minute * 60_000);
    }

    static List<TableFile> files(int n, long sizeMb) {
        List<TableFile> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(file("f" + i, sizeMb, 100 - i)); // listed newest first
        }
        return files;
    }

    @Test
    void aPartitionIsDueWithMinFilesSmallFiles() {
        CompactionPolicy policy = new CompactionPolicy(10, 128 * MB);
        assertThat(policy.pick(files(9, 1))).isEmpty();
        List<TableFile> ten = files(10, 1);
        assertThat(policy.pick(ten)).hasSize(10);
        // files at the target size do not count and are never picked
        List<TableFile> withBig = new ArrayList<>(files(9, 1));
        withBig.add(file("big", 128, 0));
        assertThat(policy.isDue(withBig)).isFalse();
        assertThat(policy.pick(withBig)).isEmpty();
    }

    @Test
    void theOldestFilesArePickedUpToTheTargetSize() {
        CompactionPolicy policy = new CompactionPolicy(10, 128 * MB);
        List<TableFile> picked = policy.pick(files(20, 10)); // 200 MB of small files
        assertThat(picked).hasSize(12);
        assertThat(picked.stream().mapToLong(TableFile::sizeBytes).sum()).isLessThanOrEqualTo(128 * MB);
        // oldest first: f19 (minute 81) ... f8 (minute 92)
        assertThat(picked.get(0).path()).endsWith("/f19");
        assertThat(picked.get(11).path()).endsWith("/f8");
    }

    @Test
    void aFileThatDoesNotFitIsSkippedForLaterOnes() {
        CompactionPolicy policy = new CompactionPolicy(3, 128 * MB);
        List<TableFile> partition = List.of(file("a", 100, 1), file("b", 50, 2), file("c", 10, 3), file("d", 10, 4));
        assertThat(policy.pick(partition)).extracting(TableFile::path)
                .containsExactly("event_date=2026-02-01/a", "event_date=2026-02-01/c", "event_date=2026-02-01/d");
    }

    @Test
    void anOldFileThatCombinesWithNothingDoesNotBlockTheOthers() {
        CompactionPolicy policy = new CompactionPolicy(3, 128 * MB);
        List<TableFile> partition = List.of(file("a", 100, 1), file("b", 50, 2), file("c", 50, 3));
        assertThat(policy.pick(partition)).extracting(TableFile::path)
                .containsExactly("event_date=2026-02-01/b", "event_date=2026-02-01/c");
        // nothing combines: nothing to do
        assertThat(policy.pick(List.of(file("a", 70, 1), file("b", 70, 2), file("c", 70, 3)))).isEmpty();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new CompactionPolicy(1, MB)).hasMessageContaining("minFiles");
        assertThatThrownBy(() -> new CompactionPolicy(10, 0)).hasMessageContaining("targetFileBytes");
    }
}
