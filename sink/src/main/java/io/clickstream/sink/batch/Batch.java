package io.clickstream.sink.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;

/** A micro-batch being filled or flushed. Not thread-safe: the batcher hands it from one thread to the other. */
public final class Batch {

    private final long createdNanos;
    private final List<ClickRow> rows = new ArrayList<>();
    private final Map<SourcePartition, Long> lastOffsets = new HashMap<>();
    private final List<CompletionStage<Void>> deadLetters = new ArrayList<>();
    private long records;
    private long bytes;

    public Batch(long createdNanos) {
        this.createdNanos = createdNanos;
    }

    void add(Polled p) {
        rows.addAll(p.rows());
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

    /** Valid rows in the order read (per partition in offset order). */
    public List<ClickRow> rows() {
        return Collections.unmodifiableList(rows);
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
        b.add(new Polled(rows, lastOffsets, rows.size(), 0, List.of()));
        return b;
    }
}
