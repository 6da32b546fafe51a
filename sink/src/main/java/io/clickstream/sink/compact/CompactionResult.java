package io.clickstream.sink.compact;

import java.time.LocalDate;

/**
 * One committed compaction: a partition's small files replaced by one file with the same rows.
 *
 * @param filesRemoved files rewritten (removed from the table, still on storage until a VACUUM)
 * @param bytesRemoved their total size: the bytes rewritten
 * @param bytesAdded   the new file's size
 * @param rows         rows carried over
 * @param tableVersion the version the rewrite was committed as
 */
public record CompactionResult(LocalDate eventDate, int filesRemoved, long bytesRemoved, long bytesAdded, long rows,
        long tableVersion) {
}
