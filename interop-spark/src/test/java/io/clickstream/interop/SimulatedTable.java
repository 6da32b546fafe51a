package io.clickstream.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

import io.clickstream.contract.ClickEvent;
import io.clickstream.producer.simulation.ShopperSimulator;
import io.clickstream.sink.batch.Batch;
import io.clickstream.sink.batch.BatchCommitter;
import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.compact.CompactionPolicy;
import io.clickstream.sink.compact.CompactionResult;
import io.clickstream.sink.compact.Compactor;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.SourcePartition;

/**
 * A table written the way the sink writes it (its committer, Parquet writer and Delta table, with txn offsets),
 * fed by the producer's shopper simulator, and compacted by the sink's compactor.
 */
final class SimulatedTable {

    static final List<String> STORES = List.of("wwi-toys", "wwi-novelty", "wwi-packaging");
    static final int PARTITIONS = 6;

    final String uri;
    final Configuration conf;
    final DeltaClickTable table;
    final ParquetDataFileWriter writer;
    final BatchCommitter committer;
    /** every event committed, in order */
    final List<ClickEvent> events = new ArrayList<>();
    private final long[] nextOffset = new long[PARTITIONS];
    private List<Long> firstBatchOffsets;

    SimulatedTable(String prefix) throws IOException {
        uri = HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory(prefix).resolve("clicks").toString());
        conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        table = new DeltaClickTable(conf, uri);
        table.createIfMissing();
        writer = new ParquetDataFileWriter(conf, uri);
        committer = new BatchCommitter(table, writer, "clickstream-sink", "clicks", Duration.ofMillis(10), Duration.ofMillis(100),
                new CommitListener() {
                });
    }

    /** {@code n} events of simulated shoppers in the three stores, from {@code start}, at about {@code rate} events/s. */
    static List<ClickEvent> simulate(long seed, int n, Instant start, double rate) {
        ShopperSimulator simulator = new ShopperSimulator(STORES, seed, start, rate, 100_000);
        List<ClickEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(simulator.next());
        }
        return out;
    }

    /** Commits one batch, keyed and partitioned as the producer keys records ({@code store_id:session_id}). */
    void append(List<ClickEvent> batch) throws InterruptedException {
        List<ClickRow> rows = new ArrayList<>(batch.size());
        Map<SourcePartition, Long> last = new HashMap<>();
        for (ClickEvent e : batch) {
            int p = Math.floorMod((e.storeId() + ":" + e.sessionId()).hashCode(), PARTITIONS);
            long offset = nextOffset[p]++;
            rows.add(new ClickRow(e, p, offset, e.eventTime().plusMillis(1500)));
            last.put(new SourcePartition("clicks", p), offset);
        }
        committer.flush(Batch.of(rows, last, System.nanoTime()));
        events.addAll(batch);
        if (firstBatchOffsets == null) {
            firstBatchOffsets = rows.stream().map(ClickRow::kafkaOffset).toList();
        }
    }

    /** The Kafka offsets of the rows of the first batch appended. */
    List<Long> offsetsOfFirstBatch() {
        return firstBatchOffsets;
    }

    /** One compaction round: every date with at least {@code minFiles} files becomes one file. */
    List<CompactionResult> compact(int minFiles) throws IOException {
        return compactor(minFiles).runOnce();
    }

    Compactor compactor(int minFiles) {
        return new Compactor(table, new ParquetDataFileReader(conf, uri), writer, new CompactionPolicy(minFiles, 128L * 1024 * 1024),
                List.of());
    }

    Path dir() {
        return Path.of(java.net.URI.create(uri));
    }
}
