package io.clickstream.sink.table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one VACUUM did, or would do in a dry run.
 *
 * @param dryRun       nothing was deleted: {@code paths} lists what would go
 * @param retention    files removed from the table (or never committed) longer ago than this were eligible
 * @param tableVersion the table version whose files and tombstones were kept
 * @param paths        the eligible files, relative to the table root (at most {@link #MAX_LISTED})
 * @param files        how many files were (or would be) deleted
 * @param bytes        their total size
 */
public record VacuumResult(boolean dryRun, Duration retention, long tableVersion, Instant startTime, Duration took,
        List<String> paths, long files, long bytes) {

    /** A result lists at most this many paths; {@code files} and {@code bytes} always count them all. */
    public static final int MAX_LISTED = 10_000;
}
