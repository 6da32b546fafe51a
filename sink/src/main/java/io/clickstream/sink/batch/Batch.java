package io.clickstream.sink.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.SourcePartition;

/** A micro-batch being filled or flushed. Not thread-safe: the batcher hands it from one thread to the other. */
public final class Batch {

    private final long createdNanos;
    private final List<ColumnBatch> rows = new ArrayList<>();
    private long rowCount;
    private final Map<SourcePartition, Long> lastOffsets = new HashMap<>();
    private final List<CompletionStage<Void>> deadLetters = new ArrayList<>();
    private long records;
    private long bytes;

    public Batch(long createdNanos) {
        this.createdNanos = createdNanos;
    }

    void add(Polled p) {
        for (ColumnBatch b : p.rows()) {
            if (!b.isEmpty()) {
                rows.add(b);
                rowCount += b.size();
            }
        }
        p.lastOffsets().forEach((tp, off) -> lastOffsets.merge(tp, off, Math::max));
        deadLetters.addAll(p.deadLetters());
        records += p.records();
        bytes += p.bytes();
    }

    public boolean isEmpty() {
        return records == 0;
    }

    public long createdNanos() {
        return createdNanos;
    }

    /** Valid rows in the order read (per partition in offset order), as the column batches the polls filled. */
    public List<ColumnBatch> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Number of valid rows. */
    public long rowCount() {
        return rowCount;
    }

    public Map<SourcePartition, Long> lastOffsets() {
        return Collections.unmodifiableMap(lastOffsets);
    }

    public List<CompletionStage<Void>> deadLetters() {
        return Collections.unmodifiableList(deadLetters);
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    /** For tests and tools: a batch from rows and offsets. */
    public static Batch of(List<ClickRow> rows, Map<SourcePartition, Long> lastOffsets, long createdNanos) {
        Batch b = new Batch(createdNanos);
        b.add(new Polled(List.of(ColumnBatch.of(rows)), lastOffsets, rows.size(), 0, List.of()));
        return b;
    }
}
