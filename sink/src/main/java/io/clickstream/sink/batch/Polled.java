package io.clickstream.sink.batch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.SourcePartition;

/**
 * What one poll contributed to a batch.
 *
 * @param rows        the valid rows, in the order read, as one or more column batches
 * @param lastOffsets per partition, the highest offset read, valid or not
 * @param records     records read, valid or not
 * @param bytes       their value sizes
 * @param deadLetters sends to the dead-letter topic that must complete before the offsets are committed
 */
public record Polled(List<ColumnBatch> rows, Map<SourcePartition, Long> lastOffsets, int records, long bytes,
        List<CompletionStage<Void>> deadLetters) {
}
