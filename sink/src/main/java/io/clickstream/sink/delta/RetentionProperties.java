package io.clickstream.sink.delta;

import java.time.Duration;
import java.util.Map;

import io.delta.standalone.actions.Metadata;
import io.delta.standalone.internal.DeltaConfigs$;

/**
 * The table properties that decide how long old files stay: set explicitly when the sink creates a table, so
 * every reader and writer (delta-standalone, Spark, Databricks) agrees on them instead of on its own default.
 * The values are Delta's defaults.
 */
public final class RetentionProperties {

    /** How long a data file removed from the table stays on storage before VACUUM may delete it. */
    public static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";
    /** How long JSON commit files stay in {@code _delta_log} (time travel needs them) before a checkpoint deletes them. */
    public static final String LOG_RETENTION = "delta.logRetentionDuration";
    /** Whether writers delete expired log files after a checkpoint. */
    public static final String EXPIRED_LOG_CLEANUP = "delta.enableExpiredLogCleanup";

    public static final Duration DEFAULT_DELETED_FILE_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(30);

    /** Set on every table the sink creates. */
    public static final Map<String, String> DEFAULTS = Map.of(
            DELETED_FILE_RETENTION, "interval 7 days",
            LOG_RETENTION, "interval 30 days",
            EXPIRED_LOG_CLEANUP, "true");

    private RetentionProperties() {
    }

    /** The table's deleted-file retention: its property if set, else Delta's default (7 days). */
    public static Duration deletedFileRetention(Metadata metadata) {
        return duration(metadata, DELETED_FILE_RETENTION, DEFAULT_DELETED_FILE_RETENTION);
    }

    /** The table's log retention: its property if set, else Delta's default (30 days). */
    public static Duration logRetention(Metadata metadata) {
        return duration(metadata, LOG_RETENTION, DEFAULT_LOG_RETENTION);
    }

    private static Duration duration(Metadata metadata, String key, Duration fallback) {
        String value = metadata.getConfiguration().get(key);
        if (value == null) {
            return fallback;
        }
        // Delta's own interval syntax ("interval 7 days", "interval 1 hour"), parsed by Delta's own parser
        var interval = DeltaConfigs$.MODULE$.parseCalendarInterval(value);
        return Duration.ofMillis(DeltaConfigs$.MODULE$.getMilliSeconds(interval));
    }
}
