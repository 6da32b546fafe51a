package io.clickstream.sink.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.SourcePartition;

/**
 * Keeps what the table does not hold yet. A row is kept only if its offset is above both the table's
 * recorded version for its partition and every offset already kept: rows another instance committed
 * after a rebalance, and rows read twice after a re-seek, are dropped.
 */
final class OffsetFilter {

    /** @param rows the rows kept: the batch's own column batches when all are kept */
    record Result(List<ColumnBatch> rows, long kept, Map<SourcePartition, Long> newVersions, long dropped) {
    }

    private OffsetFilter() {
    }

    /**
     * @param tableVersions per partition, the version the table holds (-1 when none)
     */
    static Result apply(Batch batch, String topicOfRows, Map<SourcePartition, Long> tableVersions) {
        // per partition: the highest offset that is not kept (the table's version, then each row kept)
        Map<Integer, long[]> floors = new HashMap<>();
        List<ColumnBatch> rows = new ArrayList<>(batch.rows().size());
        long dropped = 0;
        long kept = 0;
        int lastPartition = -1;
        long[] floor = null;
        for (ColumnBatch chunk : batch.rows()) {
            ColumnBatch copy = null; // made at the first row dropped from this chunk
            for (int r = 0; r < chunk.size(); r++) {
                int partition = chunk.kafkaPartition(r);
                if (floor == null || partition != lastPartition) {
                    lastPartition = partition;
                    floor = floors.computeIfAbsent(partition,
                            p -> new long[] { tableVersions.getOrDefault(new SourcePartition(topicOfRows, p), -1L) });
                }
                long offset = chunk.kafkaOffset(r);
                if (offset > floor[0]) {
                    floor[0] = offset;
                    kept++;
                    if (copy != null) {
                        copy.appendRow(chunk, r);
                    }
                } else {
                    dropped++;
                    if (copy == null) {
                        copy = new ColumnBatch(chunk.size());
                        for (int before = 0; before < r; before++) {
                            copy.appendRow(chunk, before); // no row of this chunk was dropped before r
                        }
                    }
                }
            }
            ColumnBatch result = copy == null ? chunk : copy;
            if (!result.isEmpty()) {
                rows.add(result);
            }
        }
        Map<SourcePartition, Long> newVersions = new HashMap<>();
        batch.lastOffsets().forEach((sp, last) -> {
            if (last > tableVersions.getOrDefault(sp, -1L)) {
                newVersions.put(sp, last);
            }
        });
        return new Result(rows, kept, newVersions, dropped);
    }
}
