package io.clickstream.sink.compact;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.clickstream.sink.table.ClickRow;
import io.clickstream.sink.table.ClickTable;
import io.clickstream.sink.table.CommitConflictException;
import io.clickstream.sink.table.DataFile;
import io.clickstream.sink.table.DataFileReader;
import io.clickstream.sink.table.DataFileWriter;
import io.clickstream.sink.table.TableFile;
import io.clickstream.sink.table.TableTransaction;

/**
 * One partition's compaction in one transaction: {@link #plan} picks the files from the transaction's
 * snapshot, {@link #rewrite} streams their rows into one new file (a row read, a row written), and
 * {@link #commit} replaces them by it. Appends committed in between are not touched: only the picked files
 * are removed. If another writer removed one of them first, the new file is deleted and nothing is committed.
 */
final class PartitionCompaction {

    private static final Logger LOG = Logger.getLogger(PartitionCompaction.class);

    private final TableTransaction tx;
    private final LocalDate eventDate;
    private final List<TableFile> inputs;
    private final DataFileWriter writer;
    private DataFile output;
    private long rows;

    private PartitionCompaction(TableTransaction tx, LocalDate eventDate, List<TableFile> inputs, DataFileWriter writer) {
        this.tx = tx;
        this.eventDate = eventDate;
        this.inputs = inputs;
        this.writer = writer;
    }

    /** Starts a transaction and picks the partition's files to rewrite; empty when there is nothing to do. */
    static Optional<PartitionCompaction> plan(ClickTable table, LocalDate eventDate, CompactionPolicy policy,
            DataFileWriter writer) throws IOException {
        TableTransaction tx = table.begin();
        List<TableFile> inputs = policy.pick(tx.readPartition(eventDate));
        return inputs.isEmpty() ? Optional.empty() : Optional.of(new PartitionCompaction(tx, eventDate, inputs, writer));
    }

    List<TableFile> inputs() {
        return inputs;
    }

    /**
     * Writes the inputs' rows into one new file, oldest file first, without holding them in memory.
     *
     * @param stopping checked before every row; when it turns true the new file is deleted
     * @throws CancellationException stopped
     */
    void rewrite(DataFileReader reader, BooleanSupplier stopping) throws IOException {
        DataFileWriter.OpenFile out = writer.open(eventDate);
        try {
            for (TableFile input : inputs) {
                try (DataFileReader.Rows in = reader.open(input)) {
                    for (ClickRow row = in.read(); row != null; row = in.read()) {
                        if (stopping.getAsBoolean()) {
                            throw new CancellationException("compaction of event_date=" + eventDate + " stopped");
                        }
                        out.write(row);
                        rows++;
                    }
                }
            }
            output = out.close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /**
     * Commits the rewrite.
     *
     * @return what was committed; empty when a concurrent commit removed an input first (the new file is deleted)
     * @throws IOException storage failed; the commit may have happened, so the new file is left in place
     */
    Optional<CompactionResult> commit() throws IOException {
        if (output == null) {
            throw new IllegalStateException("nothing rewritten yet");
        }
        long version;
        try {
            version = tx.commitRewrite(inputs, output);
        } catch (CommitConflictException e) {
            // certainly not committed: another writer changed these files, so this round leaves the partition alone
            writer.deleteQuietly(List.of(output));
            LOG.infof("compaction of event_date=%s gave up, a concurrent commit removed its files: %s", eventDate,
                    e.getMessage());
            return Optional.empty();
        }
        long bytesRemoved = inputs.stream().mapToLong(TableFile::sizeBytes).sum();
        return Optional.of(new CompactionResult(eventDate, inputs.size(), bytesRemoved, output.sizeBytes(), rows, version));
    }
}
