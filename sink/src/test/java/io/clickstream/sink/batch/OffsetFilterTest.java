package io.clickstream.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.SourcePartition;

class OffsetFilterTest {

    static final SourcePartition P0 = new SourcePartition("clicks", 0);
    static final SourcePartition P1 = new SourcePartition("clicks", 1);

    @Test
    void keepsOnlyWhatTheTableDoesNotHoldAndDropsReReads() {
        List<ClickEvent> e = Events.generate(10, 5, Instant.parse("2026-01-01T00:00:00Z"), 1);
        List<ClickRow> rows = new ArrayList<>();
        // partition 0: offsets 10..14, then a re-seek re-read 12..14 (as after a rebalance), then 15
        long[] offsets = { 10, 11, 12, 13, 14, 12, 13, 14, 15 };
        for (int i = 0; i < offsets.length; i++) {
            rows.add(new ClickRow(e.get(i), 0, offsets[i], Instant.EPOCH));
        }
        rows.add(new ClickRow(e.get(9), 1, 3, Instant.EPOCH));
        Batch batch = Batch.of(rows, Map.of(P0, 15L, P1, 3L), 0);

        // the table already holds partition 0 up to 11 and partition 1 up to 7
        OffsetFilter.Result r = OffsetFilter.apply(batch, "clicks", Map.of(P0, 11L, P1, 7L));
        assertThat(ColumnBatch.rowsOf(r.rows())).extracting(ClickRow::kafkaOffset).containsExactly(12L, 13L, 14L, 15L);
        assertThat(r.newVersions()).containsExactlyEntriesOf(Map.of(P0, 15L));
        assertThat(r.dropped()).isEqualTo(6);
    }

    @Test
    void aPartitionWithOnlyDeadLettersStillAdvances() {
        Batch batch = Batch.of(List.of(), Map.of(P1, 42L), 0);
        OffsetFilter.Result r = OffsetFilter.apply(batch, "clicks", Map.of());
        assertThat(r.rows()).isEmpty();
        assertThat(r.newVersions()).containsExactlyEntriesOf(Map.of(P1, 42L));
    }
}
