package io.clickstream.sink.compact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.clickstream.sink.table.TableFile;

/**
 * Which files of one partition a compaction rewrites. A partition is due when it holds at least
 * {@code minFiles} files smaller than {@code targetFileBytes}. Its small files are then taken oldest first,
 * skipping any that would take the total over the target, so the output stays about the target size at
 * most. Fewer than two files are not worth a rewrite.
 *
 * @param minFiles        small files a partition needs before it is compacted (at least 2)
 * @param targetFileBytes files below this size are small; the inputs of one compaction add up to at most this
 */
public record CompactionPolicy(int minFiles, long targetFileBytes) {

    private static final Comparator<TableFile> OLDEST_FIRST = Comparator.comparingLong(TableFile::modificationTime)
            .thenComparing(TableFile::path);

    public CompactionPolicy {
        if (minFiles < 2) {
            throw new IllegalArgumentException("minFiles must be at least 2: " + minFiles);
        }
        if (targetFileBytes < 1) {
            throw new IllegalArgumentException("targetFileBytes must be positive: " + targetFileBytes);
        }
    }

    public boolean isSmall(TableFile file) {
        return file.sizeBytes() < targetFileBytes;
    }

    public boolean isDue(List<TableFile> partitionFiles) {
        return partitionFiles.stream().filter(this::isSmall).count() >= minFiles;
    }

    /** The files to rewrite into one, oldest first; empty when the partition is not due or nothing combines. */
    public List<TableFile> pick(List<TableFile> partitionFiles) {
        if (!isDue(partitionFiles)) {
            return List.of();
        }
        List<TableFile> small = partitionFiles.stream().filter(this::isSmall).sorted(OLDEST_FIRST).toList();
        // an old file too large to combine with any later one must not block the files after it
        for (int first = 0; first < small.size() - 1; first++) {
            List<TableFile> picked = fill(small.subList(first, small.size()));
            if (picked.size() >= 2) {
                return picked;
            }
        }
        return List.of();
    }

    private List<TableFile> fill(List<TableFile> candidates) {
        List<TableFile> picked = new ArrayList<>();
        long total = 0;
        for (TableFile f : candidates) {
            if (total + f.sizeBytes() <= targetFileBytes) {
                picked.add(f);
                total += f.sizeBytes();
            }
        }
        return picked;
    }
}
