package org.dmask.model.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files that appear whole or not at all: written under a temporary name, synced, then renamed into place. */
final class AtomicFiles {

    static final String TEMP_SUFFIX = ".part";

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically (a crash leaves the old file or none, never half a file). */
    static void write(Path target, byte[] bytes) throws IOException {
        Path temp = temp(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves a complete, synced file into place atomically and syncs the directory entry. */
    static void move(Path from, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(from, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + target + " atomically (" + e.getMessage() + ")", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** A temporary name next to {@code target}: same folder, so the rename stays on one file system. */
    static Path temp(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + TEMP_SUFFIX);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is still atomic there.
        }
    }
}
