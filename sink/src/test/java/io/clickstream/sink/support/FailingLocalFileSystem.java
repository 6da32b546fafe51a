package io.clickstream.sink.support;

import java.io.IOException;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, except that every call fails while the system property
 * {@value #SWITCH} is {@code true}: a storage outage the sink must ride out.
 */
public class FailingLocalFileSystem extends RawLocalFileSystem {

    public static final String SWITCH = "clickstream.test.storage-down";

    /** While {@code true}, listing a partition directory ({@code event_date=...}) waits: a VACUUM held mid-run. */
    public static final String HOLD_PARTITION_LISTING = "clickstream.test.hold-partition-listing";
    /** Set to {@code true} by a listing that is waiting on {@link #HOLD_PARTITION_LISTING}. */
    public static final String PARTITION_LISTING_HELD = "clickstream.test.partition-listing-held";

    public static void down(boolean down) {
        System.setProperty(SWITCH, Boolean.toString(down));
    }

    private static void holdPartitionListing(Path p) {
        // system properties, because the application's Hadoop classes may come from another class loader than the test's
        if (!p.getName().startsWith("event_date=")) {
            return;
        }
        while (Boolean.getBoolean(HOLD_PARTITION_LISTING)) {
            System.setProperty(PARTITION_LISTING_HELD, "true");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    private static void check(Path p) throws IOException {
        if (Boolean.getBoolean(SWITCH)) {
            throw new IOException("injected storage failure on " + p);
        }
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        check(f);
        return super.open(f, bufferSize);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
            long blockSize, Progressable progress) throws IOException {
        check(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        check(f);
        holdPartitionListing(f);
        return super.listStatus(f);
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        check(f);
        return super.getFileStatus(f);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        check(src);
        return super.rename(src, dst);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        check(f);
        return super.mkdirs(f, permission);
    }
}
