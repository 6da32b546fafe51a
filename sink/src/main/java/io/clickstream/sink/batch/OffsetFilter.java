package io.clickstream.sink.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;

/**
 * Keeps what the table does not hold yet. A row is kept only if its offset is above both the table's
 * recorded version for its partition and every offset already kept: rows another instance committed
 * after a rebalance, and rows read twice after a re-seek, are dropped.
 */
final class OffsetFilter {

    record Result(List<ClickRow> rows, Map<SourcePartition, Long> newVersions, long dropped) {
    }

    private OffsetFilter() {
    }

    /**
     * @param tableVersions per partition, the version the table holds (-1 when none)
     */
    static Result apply(Batch batch, String topicOfRows, Map<SourcePartition, Long> tableVersions) {
        // per partition: the highest offset that is not kept (the table's version, then each row kept)
        Map<Integer, long[]> floors = new HashMap<>();
        List<ClickRow> rows = new ArrayList<>(batch.rows().size());
        long dropped = 0;
        int lastPartition = -1;
        long[] floor = null;
        for (ClickRow row : batch.rows()) {
            int partition = row.kafkaPartition();
            if (floor == null || partition != lastPartition) {
                lastPartition = partition;
                floor = floors.computeIfAbsent(partition,
                        p -> new long[] { tableVersions.getOrDefault(new SourcePartition(topicOfRows, p), -1L) });
            }
            if (row.kafkaOffset() > floor[0]) {
                rows.add(row);
                floor[0] = row.kafkaOffset();
            } else {
                dropped++;
            }
        }
        Map<SourcePartition, Long> newVersions = new HashMap<>();
        batch.lastOffsets().forEach((sp, last) -> {
            if (last > tableVersions.getOrDefault(sp, -1L)) {
                newVersions.put(sp, last);
            }
        });
        return new Result(rows, newVersions, dropped);
    }
}
