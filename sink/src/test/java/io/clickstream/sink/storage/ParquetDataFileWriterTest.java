package io.clickstream.sink.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.DataFile;

/** A large flush is split into row ranges written in parallel: no row lost or doubled, stats per file. */
class ParquetDataFileWriterTest {

    @Test
    void largeFlushIsWrittenAsParallelFilesWithTheirOwnStats() throws Exception {
        Path dir = Files.createTempDirectory("parquet-").resolve("clicks");
        String uri = HadoopConfigurationFactory.normalizeTableUri(dir.toString());
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        int n = 2 * ParquetDataFileWriter.MIN_ROWS_PER_PARALLEL_FILE + 7;
        // 5 ms apart from noon: one date
        List<ClickEvent> events = Events.generate(n, 11, Instant.parse("2026-03-01T12:00:00Z"), 5);
        List<ClickRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ClickRow(events.get(i), 2, 1_000L + i, Instant.parse("2026-03-01T13:00:00Z")));
        }

        List<DataFile> files = new ParquetDataFileWriter(conf, uri, 2).writeRows(rows);

        assertThat(files).hasSize(2);
        assertThat(files.stream().mapToLong(DataFile::numRecords).sum()).isEqualTo(n);
        Set<String> ids = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (DataFile f : files) {
            assertThat(f.partitionValues()).containsEntry("event_date", "2026-03-01");
            long minOffset = Long.MAX_VALUE;
            long maxOffset = Long.MIN_VALUE;
            long count = 0;
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(uri, f.path())).withConf(conf).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    assertThat(ids.add(g.getString("event_id", 0))).isTrue();
                    long offset = g.getLong("kafka_offset", 0);
                    minOffset = Math.min(minOffset, offset);
                    maxOffset = Math.max(maxOffset, offset);
                    count++;
                }
            }
            JsonNode stats = json.readTree(f.statsJson());
            assertThat(stats.get("numRecords").asLong()).isEqualTo(count).isEqualTo(f.numRecords());
            assertThat(stats.get("minValues").get("kafka_offset").asLong()).isEqualTo(minOffset);
            assertThat(stats.get("maxValues").get("kafka_offset").asLong()).isEqualTo(maxOffset);
            // each file holds one contiguous range of the batch
            assertThat(maxOffset - minOffset + 1).isEqualTo(count);
        }
        assertThat(ids).hasSize(n);
    }

    @Test
    void batchesWithoutRowsWriteNoFile() throws Exception {
        Path dir = Files.createTempDirectory("parquet-").resolve("clicks");
        String uri = HadoopConfigurationFactory.normalizeTableUri(dir.toString());
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());

        assertThat(new ParquetDataFileWriter(conf, uri, 2).write(List.of(new ColumnBatch(8), new ColumnBatch(8)))).isEmpty();
        assertThat(dir).doesNotExist();
    }
}
