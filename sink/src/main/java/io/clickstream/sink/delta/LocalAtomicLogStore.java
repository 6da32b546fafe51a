package io.clickstream.sink.delta;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import io.delta.storage.HadoopFileSystemLogStore;

/**
 * A Delta log store for local disks that is safe for several processes writing one table.
 * <p>
 * Delta's default for {@code file:} checks that a commit file does not exist and then renames onto it,
 * which two processes can both pass. Here the commit is published with a hard link, which the kernel
 * refuses atomically when the name exists, so exactly one writer wins each version.
 */
public final class LocalAtomicLogStore extends HadoopFileSystemLogStore {

    public LocalAtomicLogStore(Configuration conf) {
        super(conf);
    }

    @Override
    public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf) throws IOException {
        java.nio.file.Path target = new File(path.toUri().getPath()).toPath();
        Files.createDirectories(target.getParent());
        java.nio.file.Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                boolean first = true;
                while (actions.hasNext()) {
                    if (!first) {
                        out.write('\n');
                    }
                    out.write(actions.next().getBytes(StandardCharsets.UTF_8));
                    first = false;
                }
                out.flush();
                ch.force(true);
            }
            if (Boolean.TRUE.equals(overwrite)) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw new FileAlreadyExistsException(path.toString());
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A file being written on a local disk is visible under its name: this makes delta-standalone write each
     * checkpoint to a temporary file and rename it, so a reader (another thread or process) never loads a
     * partial checkpoint.
     */
    @Override
    public Boolean isPartialWriteVisible(Path path, Configuration conf) {
        return true;
    }
}
