package io.clickstream.sink.delta;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.jboss.logging.Logger;

import io.clickstream.sink.table.VacuumResult;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.internal.SnapshotImpl;

/**
 * VACUUM, which delta-standalone lacks, with the behaviour of Delta's own: deletes the files under the table
 * root that the latest version does not hold, that no tombstone younger than the retention names, and whose
 * modification time is older than the retention.
 * <p>
 * That keeps every file a version within the retention references: such a file is either still in the table or
 * was removed after that version, so its tombstone is younger than the retention. It also keeps any file written
 * less than a retention ago, committed or not (an append or a compaction writing right now), and never looks into
 * {@code _delta_log} or any other name starting with {@code _} or {@code .}. Files committed after the snapshot
 * was read are young, and files removed after it are still in it, so VACUUM is safe next to writers.
 * <p>
 * The tombstones come from the snapshot's state (what Delta's VACUUM uses too), which keeps them for the table's
 * {@code delta.deletedFileRetentionDuration}: a longer retention would need tombstones the state has dropped, so
 * it is refused. Works on any Hadoop file system ({@code file:}, {@code abfss:}).
 */
public final class DeltaVacuum {

    private static final Logger LOG = Logger.getLogger(DeltaVacuum.class);

    /** Shorter retentions are refused unless the check is off: a reader or writer may still need the files. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);

    private final Configuration conf;
    private final Path root;
    private final DeltaLog log;
    private final Clock clock;
    private final boolean retentionCheck;

    /**
     * @param retentionCheck false only in tests: allows a retention below {@link #MIN_RETENTION}
     */
    public DeltaVacuum(Configuration conf, String uri, Clock clock, boolean retentionCheck) {
        Configuration c = new Configuration(conf);
        c.setIfUnset("delta.logStore.file.impl", LocalAtomicLogStore.class.getName());
        this.conf = c;
        this.root = new Path(uri);
        this.log = DeltaLog.forTable(c, uri);
        this.clock = clock;
        this.retentionCheck = retentionCheck;
    }

    /** The retention used when none is given: the table's {@code delta.deletedFileRetentionDuration}. */
    public Duration tableRetention() throws IOException {
        return RetentionProperties.deletedFileRetention(snapshot().getMetadata());
    }

    /**
     * Deletes (or with {@code dryRun} only lists) the files no version within the retention needs.
     *
     * @param retention empty: the table's {@code delta.deletedFileRetentionDuration}
     * @throws IllegalArgumentException the retention is below {@link #MIN_RETENTION} or above the table's
     */
    public VacuumResult run(Optional<Duration> retention, boolean dryRun) throws IOException {
        Instant start = clock.instant();
        Snapshot snapshot = snapshot();
        if (snapshot.getVersion() < 0) {
            throw new IllegalStateException("no Delta table at " + root);
        }
        Duration tableRetention = RetentionProperties.deletedFileRetention(snapshot.getMetadata());
        Duration keepFor = retention.orElse(tableRetention);
        check(keepFor, tableRetention);
        long cutoff = start.toEpochMilli() - keepFor.toMillis();

        Set<String> referenced = new HashSet<>();
        for (AddFile f : snapshot.getAllFiles()) {
            referenced.add(relative(f.getPath()));
        }
        int tombstones = 0;
        for (RemoveFile r : scala.jdk.javaapi.CollectionConverters.asJava(((SnapshotImpl) snapshot).tombstones())) {
            // a tombstone without a time is treated as removed just now: kept
            if (r.getDeletionTimestamp().orElse(Long.MAX_VALUE) > cutoff) {
                referenced.add(relative(r.getPath()));
                tombstones++;
            }
        }

        FileSystem fs = root.getFileSystem(conf);
        Path qualifiedRoot = fs.makeQualified(root);
        String rootPath = qualifiedRoot.toUri().getPath();
        List<String> paths = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        for (FileStatus f : dataFiles(fs, qualifiedRoot)) {
            String rel = f.getPath().toUri().getPath().substring(rootPath.length() + 1);
            if (referenced.contains(rel) || f.getModificationTime() > cutoff) {
                continue;
            }
            if (!dryRun && !fs.delete(f.getPath(), false) && fs.exists(f.getPath())) {
                throw new IOException("could not delete " + f.getPath());
            }
            files++;
            bytes += f.getLen();
            if (paths.size() < VacuumResult.MAX_LISTED) {
                paths.add(rel);
            }
        }
        Duration took = Duration.between(start, clock.instant());
        LOG.infof("vacuum%s of %s at version %d (retention %s, %d files in the table, %d tombstones kept): %s %d files, %d bytes in %d ms",
                dryRun ? " (dry run)" : "", root, snapshot.getVersion(), keepFor, referenced.size() - tombstones, tombstones,
                dryRun ? "would delete" : "deleted", files, bytes, took.toMillis());
        return new VacuumResult(dryRun, keepFor, snapshot.getVersion(), start, took, List.copyOf(paths), files, bytes);
    }

    private void check(Duration retention, Duration tableRetention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative: " + retention);
        }
        if (retentionCheck && retention.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("retention " + retention + " is below the minimum of " + MIN_RETENTION
                    + ": readers and writers may still need those files");
        }
        if (retention.compareTo(tableRetention) > 0) {
            throw new IllegalArgumentException("retention " + retention + " is above the table's "
                    + RetentionProperties.DELETED_FILE_RETENTION + " (" + tableRetention
                    + "): raise that table property instead, the table forgets older tombstones");
        }
    }

    private Snapshot snapshot() throws IOException {
        try {
            return log.update();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A log path (relative and URI-encoded, or absolute) as a decoded path relative to the table root. */
    private String relative(String logPath) {
        URI u;
        try {
            u = new URI(logPath);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unparseable path in the Delta log: " + logPath, e);
        }
        if (!u.isAbsolute() && !u.getPath().startsWith("/")) {
            return u.getPath();
        }
        String p = new Path(u).toUri().getPath();
        String rootPath = root.toUri().getPath();
        return p.startsWith(rootPath + "/") ? p.substring(rootPath.length() + 1) : p;
    }

    /** Every file under the root, skipping names that start with {@code _} or {@code .} ({@code _delta_log}, checksums). */
    private static List<FileStatus> dataFiles(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
        while (it.hasNext()) {
            FileStatus s = it.next();
            String name = s.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (s.isDirectory()) {
                out.addAll(dataFiles(fs, s.getPath()));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
