package io.clickstream.sink.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import io.clickstream.contract.ClickEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The sink's settings ({@code sink.*}), validated when the application starts: a bad value stops it
 * with a message naming the key. Secrets are not here: they are read from the environment only (see
 * {@link io.clickstream.sink.storage.HadoopConfigurationFactory}).
 */
@ConfigMapping(prefix = "sink")
public interface SinkConfig {

    /** Table location: a path or {@code file:} URI, or {@code abfss://<container>@<account>.dfs.core.windows.net/<path>}. */
    @NotBlank
    @WithDefault("./data/delta/clicks")
    String tableUri();

    /** Prefix of the Delta {@code txn} application ids: {@code <app-id>-<topic>-<partition>}. Keep it stable. */
    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9._-]+", message = "only letters, digits, '.', '_' and '-'")
    @WithDefault("clickstream-sink")
    String appId();

    /** The topic read (also set as the channel's topic). */
    @NotBlank
    @WithDefault("clicks")
    String topic();

    /** The dead-letter topic (set as the {@code clicks-dlq} channel's topic). */
    @NotBlank
    @WithDefault("clicks-dlq")
    String dlqTopic();

    /**
     * The consumer group (set as the channel's {@code group.id}). Informative only for exactly-once, which reads
     * the table's txn versions; lag tools and autoscalers watch this group.
     */
    @NotBlank
    @WithDefault("clickstream-sink")
    String groupId();

    /** Records larger than this go to the dead-letter topic instead of being parsed. */
    @Min(1024)
    @WithDefault("262144")
    int maxRecordBytes();

    /**
     * What to do when a partition's next offset in the table is below Kafka's log start (retention deleted records
     * the table never got): {@code fail} stops the sink with an error naming the partition and the offsets lost;
     * {@code accept} goes on from the log start and records the gap (a log line, a metric and a commit whose
     * {@code commitInfo.userMetadata} names the offsets).
     */
    @WithDefault("fail")
    OffsetGapPolicy onOffsetGap();

    /**
     * The newest event contract version this sink accepts and writes columns for (default: the newest it knows).
     * Events of a newer version go to the dead-letter topic; fields added after it are kept in
     * {@code _rescued_data}. Lower it only to hold a table at an older version during a staged upgrade.
     */
    @Min(ClickEvent.FIRST_SCHEMA_VERSION)
    @Max(ClickEvent.SCHEMA_VERSION)
    @WithDefault("2")
    int contractVersion();

    Batch batch();

    Retry retry();

    Storage storage();

    Compaction compaction();

    Vacuum vacuum();

    interface Batch {
        @Min(1)
        @Max(5_000_000)
        @WithDefault("250000")
        int maxRecords();

        @Min(1024)
        @WithDefault("134217728")
        long maxBytes();

        @DurationMin(millis = 10)
        @WithDefault("5s")
        Duration maxAge();
    }

    interface Retry {
        @DurationMin(millis = 1)
        @WithDefault("200ms")
        Duration initialBackoff();

        @DurationMin(millis = 1)
        @WithDefault("30s")
        Duration maxBackoff();

        /** How long start-up (table creation) and partition assignment keep retrying storage before giving up. */
        @DurationMin(seconds = 1)
        @WithDefault("120s")
        Duration giveUpAfter();

        /**
         * Commit conflicts in a row (other sinks committing the same partitions, or a table change such as a
         * DELETE) after which a batch fails for good and the sink reports itself failed.
         */
        @Min(1)
        @WithDefault("20")
        int maxConflicts();
    }

    interface Storage {
        /** How ADLS Gen2 ({@code abfs[s]://}) is authenticated; ignored for other URIs. */
        @WithDefault("workload-identity")
        AzureAuth azureAuth();

        /** Extra Hadoop configuration (e.g. {@code sink.storage.hadoop."fs.azure.abfs.endpoint"}), applied last. */
        Map<String, String> hadoop();

        /** OAuth token endpoint for client credentials; default from {@code AZURE_TENANT_ID}. */
        Optional<String> oauthEndpoint();
    }

    /** Background compaction of small files ({@link io.clickstream.sink.compact.Compactor}). */
    interface Compaction {
        @WithDefault("true")
        boolean enabled();

        /** Time between two rounds. */
        @DurationMin(seconds = 1)
        @WithDefault("60s")
        Duration interval();

        /** A date partition is compacted once it holds at least this many small files. */
        @Min(2)
        @WithDefault("10")
        int minFiles();

        /** Files smaller than this are small; the files rewritten into one add up to at most this. */
        @Min(1_048_576)
        @WithDefault("134217728")
        long targetFileBytes();
    }

    /** VACUUM: deleting files the table no longer needs ({@link io.clickstream.sink.delta.DeltaVacuum}). */
    interface Vacuum {
        /** Runs VACUUM on a schedule. Off by default; the API action works either way. */
        @WithDefault("false")
        boolean enabled();

        /** Time between two scheduled runs (the first one an interval after start). */
        @DurationMin(minutes = 1)
        @WithDefault("24h")
        Duration interval();

        /** Default: the table's {@code delta.deletedFileRetentionDuration} (7 days unless the table sets it). */
        Optional<Duration> retention();

        /** Tests only: {@code false} allows a retention below one hour. */
        @WithDefault("true")
        boolean retentionCheck();
    }
}
