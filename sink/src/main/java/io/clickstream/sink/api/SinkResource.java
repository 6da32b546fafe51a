package io.clickstream.sink.api;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.clickstream.sink.SinkPipeline;
import io.clickstream.sink.maintenance.VacuumService;
import io.clickstream.sink.status.SinkStatus;

/** {@code GET /api/sink}: what this sink instance has done and where each of its partitions stands. */
@Path("/api/sink")
@Produces(MediaType.APPLICATION_JSON)
public class SinkResource {

    public record Partition(String topic, int partition,
            @JsonProperty("committed_offset") long committedOffset,
            @JsonProperty("end_offset") long endOffset,
            long lag) {
    }

    public record Compaction(boolean enabled,
            @JsonProperty("last_run_time") Instant lastRunTime,
            @JsonProperty("files_compacted") long filesCompacted,
            @JsonProperty("last_error") String lastError) {
    }

    public record Status(
            String state,
            @JsonProperty("table_uri") String tableUri,
            @JsonProperty("delta_version") long deltaVersion,
            @JsonProperty("records_in") long recordsIn,
            @JsonProperty("rows_committed") long rowsCommitted,
            @JsonProperty("files_committed") long filesCommitted,
            long commits,
            @JsonProperty("last_commit_time") Instant lastCommitTime,
            @JsonProperty("dlq_records") long dlqRecords,
            @JsonProperty("dead_letters_failing") int deadLettersFailing,
            @JsonProperty("unknown_field_records") long unknownFieldRecords,
            @JsonProperty("duplicate_rows_dropped") long duplicateRowsDropped,
            @JsonProperty("storage_retries") long storageRetries,
            @JsonProperty("commit_conflicts") long commitConflicts,
            @JsonProperty("offsets_skipped") long offsetsSkipped,
            @JsonProperty("pending_records") long pendingRecords,
            @JsonProperty("last_error") String lastError,
            List<Partition> partitions,
            Compaction compaction) {
    }

    public record Vacuum(@JsonProperty("dry_run") boolean dryRun,
            @JsonProperty("retention_seconds") long retentionSeconds,
            @JsonProperty("table_version") long tableVersion,
            @JsonProperty("start_time") Instant startTime,
            @JsonProperty("took_ms") long tookMs,
            long files, long bytes,
            List<String> paths) {
    }

    public record Error(String error) {
    }

    @Inject
    VacuumService vacuum;
    @Inject
    SinkStatus status;
    @Inject
    SinkPipeline pipeline;

    @GET
    public Status get() {
        long version = status.tableVersion();
        try {
            version = Math.max(version, pipeline.table().version());
        } catch (IOException | RuntimeException e) {
            // storage down: report the last version seen
        }
        List<Partition> partitions = new ArrayList<>();
        status.partitions().forEach((sp, p) -> partitions.add(
                new Partition(sp.topic(), sp.partition(), p.committedOffset(), p.endOffset(), p.lag())));
        SinkStatus.CompactionProgress c = status.compaction();
        return new Status(status.state().wireName(), pipeline.tableUri(), version, status.recordsIn(), status.rowsCommitted(),
                status.filesCommitted(), status.commits(), status.lastCommitTime(), status.dlqRecords(),
                status.deadLettersFailing(), status.unknownFieldRecords(), status.duplicateRowsDropped(),
                status.storageRetries(), status.conflicts(), status.offsetsSkipped(),
                pipeline.batcher().pendingRecords(), status.lastError(), partitions,
                new Compaction(c.enabled(), c.lastRunTime(), c.filesCompacted(), c.lastError()));
    }

    /**
     * {@code POST /api/sink/maintenance/vacuum[?dry_run=true]}: deletes (or lists) the files no table version within
     * the retention needs. 409 while another run is in progress.
     */
    @POST
    @Path("maintenance/vacuum")
    public Response vacuum(@QueryParam("dry_run") @DefaultValue("false") boolean dryRun) {
        try {
            return vacuum.tryRun(dryRun)
                    .map(r -> Response.ok(new Vacuum(r.dryRun(), r.retention().toSeconds(), r.tableVersion(), r.startTime(),
                            r.took().toMillis(), r.files(), r.bytes(), r.paths())))
                    .orElseGet(() -> Response.status(Response.Status.CONFLICT).entity(new Error("a vacuum is already running")))
                    .build();
        } catch (IOException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new Error("storage failed: " + e.getMessage())).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Response.status(Response.Status.CONFLICT).entity(new Error(e.getMessage())).build();
        }
    }
}
