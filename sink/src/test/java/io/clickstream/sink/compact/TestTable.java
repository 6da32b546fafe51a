package io.clickstream.sink.compact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;

import io.clickstream.contract.ClickEvent;
import io.clickstream.sink.batch.Batch;
import io.clickstream.sink.batch.BatchCommitter;
import io.clickstream.sink.batch.CommitListener;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileReader;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.SourcePartition;
import io.delta.standalone.actions.AddFile;

/**
 * A temporary {@code file:} table filled the way the sink fills it: batches through the {@link BatchCommitter},
 * the Parquet writer and the Delta table, one file per date per batch, with the {@code txn} offsets.
 */
public final class TestTable {

    public static final String APP_ID = "clickstream-sink";
    public static final String TOPIC = "clicks";
    /** Microseconds, to check they survive a rewrite. */
    static final Instant INGEST_TIME = Instant.parse("2026-02-05T10:00:00.123456Z");

    public final String uri;
    public final Configuration conf;
    public final DeltaClickTable table;
    public final ParquetDataFileWriter writer;
    public final ParquetDataFileReader reader;
    final AtomicInteger appendConflicts = new AtomicInteger();
    private final Map<Integer, Long> nextOffset = new HashMap<>();
    private int eventSeq;

    public TestTable() throws IOException {
        this(HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory("compact-").resolve("clicks").toString()),
                Map.of());
    }

    TestTable(String uri, Map<String, String> hadoop) throws IOException {
        this.uri = uri;
        this.conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), hadoop, Map.of());
        this.table = new DeltaClickTable(conf, uri);
        this.writer = new ParquetDataFileWriter(conf, uri);
        this.reader = new ParquetDataFileReader(conf, uri);
        table.createIfMissing();
    }

    /** Another process's view of the same table: its own Delta log instance. */
    TestTable sameTable() throws IOException {
        return new TestTable(uri, Map.of());
    }

    public Path dir() {
        return Path.of(java.net.URI.create(uri));
    }

    BatchCommitter committer(DataFileWriter w) {
        return new BatchCommitter(table, w, APP_ID, TOPIC, Duration.ofMillis(10), Duration.ofMillis(100), new CommitListener() {
            @Override
            public void conflict() {
                appendConflicts.incrementAndGet();
            }
        });
    }

    /** Commits one batch: {@code perDate} rows for each date, spread over Kafka partitions 0 and 1. */
    public List<ClickRow> append(Map<LocalDate, Integer> perDate) throws InterruptedException {
        return append(perDate, writer);
    }

    List<ClickRow> append(Map<LocalDate, Integer> perDate, DataFileWriter w) throws InterruptedException {
        List<ClickRow> rows = new ArrayList<>();
        Map<SourcePartition, Long> last = new HashMap<>();
        for (Map.Entry<LocalDate, Integer> e : new TreeMap<>(perDate).entrySet()) {
            Instant start = e.getKey().atStartOfDay(ZoneOffset.UTC).toInstant();
            for (ClickEvent event : Events.generate(eventSeq, e.getValue(), 5, start, 1_000)) {
                int kafkaPartition = eventSeq++ % 2;
                long offset = nextOffset.merge(kafkaPartition, 1L, Long::sum) - 1;
                rows.add(new ClickRow(event, kafkaPartition, offset, INGEST_TIME.plusMillis(offset)));
                last.put(new SourcePartition(TOPIC, kafkaPartition), offset);
            }
        }
        committer(w).flush(Batch.of(rows, last, System.nanoTime()));
        return rows;
    }

    public TableReader tableReader() {
        return new TableReader(conf, uri);
    }

    /** Every row of the current snapshot, all columns and the partition value, as a multiset. */
    public Map<String, Long> rowMultiset() throws IOException {
        return tableReader().rows().stream()
                .collect(Collectors.groupingBy(r -> r.eventDate() + "\n" + r.values(), TreeMap::new, Collectors.counting()));
    }

    /** Active files per event_date. */
    public Map<String, List<AddFile>> filesByDate() {
        return tableReader().files().stream().collect(Collectors.groupingBy(f -> f.getPartitionValues().get("event_date"),
                TreeMap::new, Collectors.toList()));
    }

    public Map<String, Long> txnVersions() {
        var tx = tableReader().log().startTransaction();
        return Map.of("p0", tx.txnVersion(APP_ID + "-" + TOPIC + "-0"), "p1", tx.txnVersion(APP_ID + "-" + TOPIC + "-1"));
    }

    public long version() {
        return tableReader().snapshot().getVersion();
    }

    static <T> Map<String, T> byPath(List<AddFile> files, Function<AddFile, T> value) {
        return files.stream().collect(Collectors.toMap(AddFile::getPath, value));
    }
}
