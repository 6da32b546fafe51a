package io.clickstream.sink.compact;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.clickstream.sink.table.ClickTable;
import io.clickstream.sink.table.DataFileReader;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.TableFile;

/**
 * Compacts the table's small files in the background, on one daemon thread. Every interval it lists the
 * latest snapshot and, for each {@code event_date} partition the {@link CompactionPolicy} finds due (oldest
 * date first), rewrites the picked files into one and commits that as one {@code dataChange=false} rewrite.
 * <p>
 * Removed files stay on storage: readers of older versions and time travel may still need them (VACUUM
 * deletes them). Failures are logged and counted, and the next round tries again; they never touch
 * ingestion. A rewrite that loses to a concurrent commit is dropped for that round, never retried at once.
 */
public final class Compactor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Compactor.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final ClickTable table;
    private final DataFileReader reader;
    private final DataFileWriter writer;
    private final CompactionPolicy policy;
    private final List<CompactionListener> listeners;
    private volatile boolean stopping;
    private ScheduledExecutorService scheduler;

    public Compactor(ClickTable table, DataFileReader reader, DataFileWriter writer, CompactionPolicy policy,
            List<CompactionListener> listeners) {
        this.table = table;
        this.reader = reader;
        this.writer = writer;
        this.policy = policy;
        this.listeners = List.copyOf(listeners);
    }

    /** Runs a round every {@code interval} (the first one interval from now). */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sink-compactor");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the rounds: a rewrite in progress is abandoned and its new file deleted. */
    @Override
    public synchronized void close() {
        stopping = true;
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warnf("compaction did not stop within %d s", STOP_WAIT_SECONDS);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void round() {
        try {
            runOnce();
            each(CompactionListener::roundCompleted);
        } catch (CancellationException e) {
            LOG.debugf("compaction stopped: %s", e.getMessage());
        } catch (Exception e) {
            LOG.warnf("compaction round failed, trying again in the next one: %s", e.toString());
            each(l -> l.roundFailed(e));
        }
    }

    /**
     * One round, on the calling thread: each due partition, oldest date first, in its own commit. A partition
     * that fails does not keep the others from being compacted.
     *
     * @return the rewrites committed
     * @throws IOException           listing the table failed, or a partition's compaction did (the first error,
     *                               the others suppressed), after the other partitions were done
     * @throws CancellationException the compactor was closed meanwhile
     */
    public List<CompactionResult> runOnce() throws IOException {
        List<CompactionResult> results = new ArrayList<>();
        Exception failure = null;
        for (LocalDate date : duePartitions()) {
            if (stopping) {
                throw new CancellationException("compactor closed");
            }
            try {
                compact(date).ifPresent(results::add);
            } catch (IOException | RuntimeException e) {
                if (e instanceof CancellationException) {
                    throw e;
                }
                LOG.warnf("compaction of event_date=%s failed: %s", date, e.toString());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        return results;
    }

    private Optional<CompactionResult> compact(LocalDate date) throws IOException {
        // the partition is read again in the transaction that replaces its files
        Optional<PartitionCompaction> compaction = PartitionCompaction.plan(table, date, policy, writer);
        if (compaction.isEmpty()) {
            return Optional.empty();
        }
        compaction.get().rewrite(reader, () -> stopping);
        Optional<CompactionResult> result = compaction.get().commit();
        result.ifPresent(r -> {
            LOG.infof("compacted %d files (%d bytes) of event_date=%s into 1 file (%d bytes, %d rows): version %d",
                    r.filesRemoved(), r.bytesRemoved(), r.eventDate(), r.bytesAdded(), r.rows(), r.tableVersion());
            each(l -> l.compacted(r));
        });
        return result;
    }

    private List<LocalDate> duePartitions() throws IOException {
        Map<LocalDate, List<TableFile>> smallByDate = new TreeMap<>();
        for (TableFile f : table.files()) {
            if (policy.isSmall(f)) {
                smallByDate.computeIfAbsent(f.eventDate(), d -> new ArrayList<>()).add(f);
            }
        }
        return smallByDate.entrySet().stream().filter(e -> policy.isDue(e.getValue())).map(Map.Entry::getKey).toList();
    }

    private void each(Consumer<CompactionListener> call) {
        for (CompactionListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warnf("compaction listener %s failed: %s", l.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
