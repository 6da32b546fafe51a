package io.clickstream.sink.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import io.clickstream.sink.batch.Batch;
import io.clickstream.sink.batch.BatchCommitter;
import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;

/** Every 10 commits a checkpoint is written, and it carries the txn offsets: they survive log cleanup. */
class CheckpointTest {

    @Test
    void checkpointsAreWrittenAndKeepTheTxnVersions() throws Exception {
        Path dir = Files.createTempDirectory("ckpt-").resolve("clicks");
        String uri = HadoopConfigurationFactory.normalizeTableUri(dir.toString());
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        DeltaClickTable table = new DeltaClickTable(conf, uri);
        table.createIfMissing();
        BatchCommitter committer = new BatchCommitter(table, new ParquetDataFileWriter(conf, uri), "app", "clicks",
                Duration.ofMillis(10), Duration.ofMillis(100), new CommitListener() {
                });
        SourcePartition p3 = new SourcePartition("clicks", 3);
        for (int i = 0; i < 12; i++) {
            var events = Events.generate(i * 5, 5, 7, Instant.parse("2026-02-01T00:00:00Z"), 1_000);
            List<ClickRow> rows = new java.util.ArrayList<>();
            for (int k = 0; k < events.size(); k++) {
                rows.add(new ClickRow(events.get(k), 3, i * 5L + k, Instant.EPOCH));
            }
            committer.flush(Batch.of(rows, Map.of(p3, i * 5L + 4), System.nanoTime()));
        }
        Path log = dir.resolve("_delta_log");
        assertThat(log.resolve("00000000000000000010.checkpoint.parquet")).exists();

        // a copy with the JSON commits up to the checkpoint removed, as log cleanup would do
        Path copy = Files.createTempDirectory("ckpt-copy-").resolve("clicks");
        FileUtils.copyDirectory(dir.toFile(), copy.toFile());
        try (Stream<Path> files = Files.list(copy.resolve("_delta_log"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") && Long.parseLong(name.substring(0, 20)) <= 10) {
                    Files.delete(f);
                }
            }
        }
        TableReader reader = new TableReader(HadoopConfigurationFactory.normalizeTableUri(copy.toString()));
        assertThat(reader.snapshot().getVersion()).isEqualTo(12);
        assertThat(reader.log().startTransaction().txnVersion("app-clicks-3")).isEqualTo(59);
        assertThat(reader.eventIds()).hasSize(60);
    }

    /** A local disk shows a file while it is written: checkpoints must be written aside and renamed into place. */
    @Test
    void checkpointsAreNeverVisibleHalfWritten() throws Exception {
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(Files.createTempDirectory("ckpt-").toUri());
        assertThat(new LocalAtomicLogStore(conf).isPartialWriteVisible(log, conf)).isTrue();
    }
}
