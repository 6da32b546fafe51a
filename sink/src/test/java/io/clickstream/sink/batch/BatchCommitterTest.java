package io.clickstream.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.clickstream.sink.config.AzureAuth;
import io.clickstream.sink.delta.DeltaClickTable;
import io.clickstream.sink.retry.RetryPolicy;
import io.clickstream.sink.storage.HadoopConfigurationFactory;
import io.clickstream.sink.storage.ParquetDataFileWriter;
import io.clickstream.sink.support.Events;
import io.clickstream.sink.support.TableReader;
import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ClickTable;
import io.clickstream.sink.table.CommitConflictException;
import io.clickstream.sink.table.ColumnBatch;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.SourcePartition;
import io.clickstream.sink.table.TableFile;
import io.clickstream.sink.table.TableTransaction;

/**
 * How the committer tells failures apart on a real local table: storage failures are retried until they pass,
 * commit conflicts a bounded number of times, and anything else fails the batch at once with nothing committed.
 */
@Timeout(60) // a failure retried forever would otherwise hang the test instead of failing it
class BatchCommitterTest {

    static final SourcePartition P0 = new SourcePartition("clicks", 0);

    String uri;
    DeltaClickTable table;
    ParquetDataFileWriter files;
    final List<String> heard = Collections.synchronizedList(new ArrayList<>());
    final List<CommitOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    final CommitListener listener = new CommitListener() {
        @Override
        public void committed(CommitOutcome outcome) {
            heard.add("committed v" + outcome.tableVersion());
            outcomes.add(outcome);
        }

        @Override
        public void storageFailed(Exception error, int attempt, long retryInMillis) {
            heard.add("storage failed " + attempt);
        }

        @Override
        public void storageRecovered() {
            heard.add("recovered");
        }

        @Override
        public void conflict() {
            heard.add("conflict");
        }
    };

    @BeforeEach
    void table() throws IOException {
        uri = HadoopConfigurationFactory.normalizeTableUri(Files.createTempDirectory("committer-").resolve("clicks").toString());
        Configuration conf = HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of());
        table = new DeltaClickTable(conf, uri);
        table.createIfMissing();
        files = new ParquetDataFileWriter(conf, uri);
    }

    @Test
    void storageFailuresAreRetriedUntilTheyPass() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DataFileWriter flaky = new Writer(files, () -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IOException("No space left on device");
            }
        });
        committer(table, flaky, 5).flush(batch(50));

        assertThat(heard).containsExactly("storage failed 1", "storage failed 2", "storage failed 3", "recovered", "committed v1");
        assertThat(new TableReader(uri).eventIds()).hasSize(50);
    }

    @Test
    void aFailureThatIsNotStorageFailsTheBatchAtOnceWithNothingCommitted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DataFileWriter broken = new Writer(files, () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("cannot encode a price of 10^40");
        });
        assertThatThrownBy(() -> committer(table, broken, 5).flush(batch(50)))
                .isInstanceOf(PermanentCommitFailure.class)
                .hasMessageContaining("IllegalArgumentException: cannot encode a price of 10^40");

        assertThat(calls).hasValue(1);
        assertThat(heard).isEmpty();
        assertThat(table.version()).isZero();
    }

    @Test
    void commitConflictsAreRetriedABoundedNumberOfTimes() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        ClickTable contended = new ConflictingTable(table, commits);

        assertThatThrownBy(() -> committer(contended, files, 4).flush(batch(10)))
                .isInstanceOf(PermanentCommitFailure.class)
                .hasMessageContaining("gave up after 4 commit conflicts");

        assertThat(commits).hasValue(5);
        assertThat(heard).containsExactly("conflict", "conflict", "conflict", "conflict");
        assertThat(table.version()).isZero();
    }

    @Test
    void commitsOfOtherWritersWhileTheTransactionIsOpenAreCounted() throws Exception {
        DeltaClickTable other = new DeltaClickTable(HadoopConfigurationFactory.build(uri, AzureAuth.SHARED_KEY,
                Optional.empty(), Map.of(), Map.of()), uri);
        // two commits of another writer (other partitions' offsets) land after the batch's transaction has opened
        ClickTable raced = new ConflictingTable(table, new AtomicInteger(), () -> {
            for (int i = 0; i < 2; i++) {
                other.begin().commit(List.of(), Map.of("other-clicks-" + i, 7L));
            }
        });

        committer(raced, files, 5).flush(batch(20));

        assertThat(heard).containsExactly("committed v3");
        CommitOutcome outcome = outcomes.get(0);
        assertThat(outcome.concurrentCommits()).isEqualTo(2);
        assertThat(outcome.deltaCommitNanos()).isPositive().isLessThanOrEqualTo(outcome.commitNanos());
        assertThat(new TableReader(uri).eventIds()).hasSize(20);
    }

    @Test
    void stoppingEndsTheRetriesAndLeavesTheBatchUncommitted() throws Exception {
        BatchCommitter[] committer = new BatchCommitter[1];
        AtomicInteger calls = new AtomicInteger();
        DataFileWriter down = new Writer(files, () -> {
            if (calls.incrementAndGet() == 3) {
                committer[0].stop();
            }
            throw new IOException("connection refused");
        });
        committer[0] = committer(table, down, 5);

        assertThatThrownBy(() -> committer[0].flush(batch(10))).isInstanceOf(InterruptedException.class)
                .hasMessageContaining("left uncommitted");
        assertThat(calls).hasValue(3);
        assertThat(table.version()).isZero();
    }

    private BatchCommitter committer(ClickTable t, DataFileWriter w, int maxConflicts) {
        return new BatchCommitter(t, w, "app", "clicks", new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20)),
                maxConflicts, listener);
    }

    private static Batch batch(int n) {
        var events = Events.generate(n, 3, Instant.parse("2026-03-01T00:00:00Z"), 100);
        List<ClickRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ClickRow(events.get(i), 0, i, Instant.EPOCH));
        }
        return Batch.of(rows, Map.of(P0, n - 1L), System.nanoTime());
    }

    @FunctionalInterface
    interface Fault {
        void before() throws IOException;
    }

    /** The real writer, with a fault injected before each write. */
    private record Writer(DataFileWriter real, Fault fault) implements DataFileWriter {
        @Override
        public List<DataFile> write(List<ColumnBatch> rows) throws IOException {
            fault.before();
            return real.write(rows);
        }

        @Override
        public void deleteQuietly(List<DataFile> files) {
            real.deleteQuietly(files);
        }

        @Override
        public OpenFile open(LocalDate eventDate) throws IOException {
            return real.open(eventDate);
        }
    }

    /** A concurrent writer's work, run right before a commit. */
    @FunctionalInterface
    interface Race {
        void run() throws IOException, CommitConflictException;
    }

    /**
     * The real table, except that every commit loses to a concurrent one; or, with a {@code race}, that the race
     * runs right before each commit, which then goes through.
     */
    private record ConflictingTable(ClickTable real, AtomicInteger commits, Race race) implements ClickTable {
        ConflictingTable(ClickTable real, AtomicInteger commits) {
            this(real, commits, null);
        }

        @Override
        public String uri() {
            return real.uri();
        }

        @Override
        public void createIfMissing() throws IOException {
            real.createIfMissing();
        }

        @Override
        public long version() throws IOException {
            return real.version();
        }

        @Override
        public List<TableFile> files() throws IOException {
            return real.files();
        }

        @Override
        public TableTransaction begin() throws IOException {
            TableTransaction tx = real.begin();
            return new TableTransaction() {
                @Override
                public long readVersion() {
                    return tx.readVersion();
                }

                @Override
                public long txnVersion(String appId) {
                    return tx.txnVersion(appId);
                }

                @Override
                public long commit(List<DataFile> files, Map<String, Long> txnVersions, Optional<String> note)
                        throws CommitConflictException, IOException {
                    commits.incrementAndGet();
                    if (race == null) {
                        throw new CommitConflictException("another writer committed clicks-0 first", null);
                    }
                    race.run();
                    return tx.commit(files, txnVersions, note);
                }

                @Override
                public List<TableFile> readPartition(LocalDate eventDate) throws IOException {
                    return tx.readPartition(eventDate);
                }

                @Override
                public long commitRewrite(List<TableFile> removed, DataFile added) throws IOException, CommitConflictException {
                    return tx.commitRewrite(removed, added);
                }
            };
        }
    }
}
