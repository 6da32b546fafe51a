package io.clickstream.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.clickstream.contract.ClickEventCodec;
import io.clickstream.contract.DecodeResult;
import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.table.DataFile;

/**
 * The sink's stages after the poll, each on one thread, per record of a default batch (50,000 events of one date):
 * decode and validate, build the batch's rows, encode and compress them into a Parquet file on the local disk, and
 * commit one batch's files to the Delta table. {@link KafkaPollStage} measures the poll.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Events.BATCH)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m", "-XX:+UseG1GC" })
public class SinkStages {

    private byte[][] values;
    private DecodeResult[] decoded;
    private Object rows;
    private Path dir;
    private String uri;
    private Configuration conf;
    private ParquetDataFileWriter writer;
    private DeltaClickTable table;
    private List<DataFile> toCommit;
    private long offset;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        values = Events.encoded(Events.BATCH);
        decoded = new DecodeResult[values.length];
        for (int i = 0; i < values.length; i++) {
            decoded[i] = ClickEventCodec.decode(values[i]);
            if (!decoded[i].isValid()) {
                throw new IllegalStateException("simulated event not valid: " + decoded[i].reason());
            }
        }
        rows = RowPath.rows(decoded, 1_764_460_800_000_000L);
        dir = Files.createTempDirectory("sink-stages-");
        uri = HadoopConfigurationFactory.normalizeTableUri(dir.resolve("clicks").toString());
        conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        writer = new ParquetDataFileWriter(conf, uri, 1);
        table = new DeltaClickTable(conf, uri);
        table.createIfMissing();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** JSON bytes to a validated event (the contract's decoder). */
    @Benchmark
    public void decode(Blackhole bh) {
        for (byte[] v : values) {
            bh.consume(ClickEventCodec.decode(v, 2));
        }
    }

    /** The consumer's work per record: bytes to a validated row of the batch (decode and row building together). */
    @Benchmark
    public Object decodeToRows() {
        return RowPath.decodeToRows(values, 1_764_460_800_000_000L);
    }

    /** Validated events to the batch's rows. */
    @Benchmark
    public Object rows() {
        return RowPath.rows(decoded, 1_764_460_800_000_000L);
    }

    /** The batch's rows to one snappy Parquet file with its statistics (written, then deleted outside the timing). */
    @Benchmark
    public List<DataFile> parquet() throws IOException {
        toCommit = RowPath.write(writer, rows);
        return toCommit;
    }

    @TearDown(Level.Invocation)
    public void deleteWritten() {
        if (toCommit != null) {
            writer.deleteQuietly(toCommit);
            toCommit = null;
        }
    }

    /** A Delta commit of one batch's file and its Kafka offset (a checkpoint every 10 commits included). */
    @Benchmark
    public long commit(CommitInput in) throws Exception {
        return table.begin().commit(in.files, Map.of("clickstream-sink-clicks-0", offset += Events.BATCH));
    }

    /** One batch's file, written before each commit and outside its timing. */
    @State(Scope.Thread)
    public static class CommitInput {
        List<DataFile> files;

        @Setup(Level.Invocation)
        public void write(SinkStages s) throws IOException {
            files = RowPath.write(s.writer, s.rows);
        }
    }
}
