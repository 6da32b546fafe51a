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

    public static void down(boolean down) {
        System.setProperty(SWITCH, Boolean.toString(down));
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
