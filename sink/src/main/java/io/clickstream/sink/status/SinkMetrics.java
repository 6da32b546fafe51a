package io.clickstream.sink.status;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.batch.CommitOutcome;
import io.clickstream.sink.compact.CompactionListener;
import io.clickstream.sink.compact.CompactionResult;
import io.clickstream.sink.table.SourcePartition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Prometheus metrics ({@code /q/metrics}), all prefixed {@code clickstream_sink_}. */
@ApplicationScoped
public class SinkMetrics implements CommitListener, CompactionListener {

    private final MeterRegistry registry;
    private final SinkStatus status;
    private final Counter recordsIn;
    private final Counter dlqRecords;
    private final Counter unknownFields;
    private final Counter rowsCommitted;
    private final Counter batches;
    private final Counter retries;
    private final Counter conflicts;
    private final Counter duplicates;
    private final Timer commitLatency;
    private final Timer deltaCommit;
    private final Counter concurrentCommits;
    private final Timer ingestLatency;
    private final DistributionSummary batchSize;
    private final Counter compactions;
    private final Counter compactionFilesRemoved;
    private final Counter compactionFilesAdded;
    private final Counter compactionBytes;
    private final Counter compactionFailures;
    private final Counter dlqFailures;
    private final Set<SourcePartition> lagGauges = ConcurrentHashMap.newKeySet();

    @Inject
    public SinkMetrics(MeterRegistry registry, SinkStatus status) {
        this.registry = registry;
        this.status = status;
        recordsIn = Counter.builder("clickstream.sink.records.in").description("Kafka records read, valid or not").register(registry);
        dlqRecords = Counter.builder("clickstream.sink.dlq.records").description("Records sent to the dead-letter topic").register(registry);
        unknownFields = Counter.builder("clickstream.sink.unknown.field.records")
                .description("Valid records that carried fields the contract does not define").register(registry);
        rowsCommitted = Counter.builder("clickstream.sink.rows.committed").description("Rows committed to the table").register(registry);
        batches = Counter.builder("clickstream.sink.batches").description("Batches committed").register(registry);
        retries = Counter.builder("clickstream.sink.storage.retries").description("Failed storage attempts, retried").register(registry);
        conflicts = Counter.builder("clickstream.sink.commit.conflicts").description("Commits retried after a concurrent commit").register(registry);
        duplicates = Counter.builder("clickstream.sink.duplicate.rows.dropped")
                .description("Rows the table already held (rebalance, re-read)").register(registry);
        commitLatency = Timer.builder("clickstream.sink.commit.latency").description("Writing a batch's files and committing it")
                .publishPercentiles(0.5, 0.99).register(registry);
        deltaCommit = Timer.builder("clickstream.sink.delta.commit.latency")
                .description("The Delta commit alone: reading the log's new versions, checking them, writing the commit file")
                .publishPercentiles(0.5, 0.99).register(registry);
        concurrentCommits = Counter.builder("clickstream.sink.commit.concurrent.versions")
                .description("Commits of other writers that landed while a batch's transaction was open (Delta checked "
                        + "each and committed after them); per batch, the contention on the table's log")
                .register(registry);
        ingestLatency = Timer.builder("clickstream.sink.batch.age").description("From a batch's first record to its commit")
                .publishPercentiles(0.5, 0.99).register(registry);
        batchSize = DistributionSummary.builder("clickstream.sink.batch.size").description("Records per batch")
                .baseUnit("records").register(registry);
        compactions = Counter.builder("clickstream.sink.compactions").description("Compaction commits (small files rewritten into one)")
                .register(registry);
        compactionFilesRemoved = Counter.builder("clickstream.sink.compaction.files.removed")
                .description("Small files removed by compaction (dataChange=false)").register(registry);
        compactionFilesAdded = Counter.builder("clickstream.sink.compaction.files.added")
                .description("Files written by compaction (dataChange=false)").register(registry);
        compactionBytes = Counter.builder("clickstream.sink.compaction.bytes.rewritten")
                .description("Bytes of small files rewritten by compaction").register(registry);
        compactionFailures = Counter.builder("clickstream.sink.compaction.failures")
                .description("Compaction rounds that failed (retried in the next round)").register(registry);
        dlqFailures = Counter.builder("clickstream.sink.dlq.send.failures")
                .description("Failed attempts to send a record to the dead-letter topic (each is retried)").register(registry);
        Gauge.builder("clickstream.sink.dlq.failing", status, SinkStatus::deadLettersFailing)
                .description("Dead letters not sent yet after a failed attempt; their batch waits uncommitted").register(registry);
        Gauge.builder("clickstream.sink.table.version", status, SinkStatus::tableVersion).register(registry);
        Gauge.builder("clickstream.sink.up", status, s -> s.state() == SinkState.RUNNING ? 1 : 0)
                .description("1 while running, 0 while starting, failing or failed").register(registry);
    }

    public void read(long records, long invalid, long withUnknownFields) {
        recordsIn.increment(records);
        dlqRecords.increment(invalid);
        unknownFields.increment(withUnknownFields);
    }

    /** Registers the lag gauge of each partition seen (it reads the status, so it stays current). */
    public void track(Iterable<SourcePartition> partitions) {
        for (SourcePartition sp : partitions) {
            if (lagGauges.add(sp)) {
                Gauge.builder("clickstream.sink.consumer.lag", status, s -> {
                    SinkStatus.PartitionProgress p = s.partitions().get(sp);
                    return p == null ? Double.NaN : p.lag();
                }).tag("topic", sp.topic()).tag("partition", Integer.toString(sp.partition()))
                        .description("Records in the partition not yet in the table").register(registry);
            }
        }
    }

    @Override
    public void committed(CommitOutcome o) {
        if (o.tableVersion() >= 0) {
            batches.increment();
            commitLatency.record(o.commitNanos(), TimeUnit.NANOSECONDS);
            deltaCommit.record(o.deltaCommitNanos(), TimeUnit.NANOSECONDS);
            concurrentCommits.increment(o.concurrentCommits());
            ingestLatency.record(System.nanoTime() - o.batchCreatedNanos(), TimeUnit.NANOSECONDS);
        }
        batchSize.record(o.batchRecords());
        rowsCommitted.increment(o.rows());
        duplicates.increment(o.droppedRows());
    }

    /** Offsets Kafka deleted before the table got them, accepted as lost ({@code sink.on-offset-gap=accept}). */
    public void offsetsSkipped(SourcePartition partition, long count) {
        Counter.builder("clickstream.sink.offsets.skipped").tag("topic", partition.topic())
                .tag("partition", Integer.toString(partition.partition()))
                .description("Offsets deleted by Kafka before the table got them, accepted as lost (sink.on-offset-gap=accept)")
                .register(registry).increment(count);
    }

    public void deadLetterFailed() {
        dlqFailures.increment();
    }

    @Override
    public void storageFailed(Exception error, int attempt, long retryInMillis) {
        retries.increment();
    }

    @Override
    public void conflict() {
        conflicts.increment();
    }

    @Override
    public void compacted(CompactionResult r) {
        compactions.increment();
        compactionFilesRemoved.increment(r.filesRemoved());
        compactionFilesAdded.increment();
        compactionBytes.increment(r.bytesRemoved());
    }

    @Override
    public void roundFailed(Exception error) {
        compactionFailures.increment();
    }
}
