package org.dmask.route.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/** Complete-or-absent files: write to a ".tmp" name, fsync, rename atomically, fsync the directory. */
public final class DurableFiles {

    public static final String TMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Only the owner may read and write: for files that hold identified data (dead letters). */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Only the owner may enter: for folders of identified data. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    public static void write(Path target, Writer writer) throws IOException {
        write(target, writer, null);
    }

    /** As {@link #write(Path, Writer)}, the file created with these permissions (null: the umask's). */
    public static void write(Path target, Writer writer, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TMP_SUFFIX);
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = permissions != null && posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
        try {
            try (FileChannel ch = FileChannel.open(tmp, options, attributes)) {
                OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies a file durably (complete or absent at the target). */
    public static void copy(Path source, Path target) throws IOException {
        copy(source, target, null);
    }

    /** Copies a file durably, the copy created with these permissions (null: the umask's). */
    public static void copy(Path source, Path target, Set<PosixFilePermission> permissions) throws IOException {
        write(target, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            }
        }, permissions);
    }

    /** Creates a folder (and its parents) and gives it these permissions, also when it existed with others. */
    public static Path folder(Path dir, Set<PosixFilePermission> permissions) throws IOException {
        Files.createDirectories(dir);
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, permissions);
        }
        return dir;
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Atomic rename, then the directory fsynced; falls back to a durable copy across file systems. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            copy(source, target);
            Files.delete(source);
            fsyncDirectory(source.toAbsolutePath().getParent());
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Deletes leftover temporary files of an interrupted write in a folder tree; returns how many. */
    public static int removeTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int[] n = {0};
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(TMP_SUFFIX)).toList()) {
                Files.deleteIfExists(p);
                n[0]++;
            }
        }
        return n[0];
    }
}
