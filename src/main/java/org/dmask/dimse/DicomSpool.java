package org.dmask.dimse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The durable spool directory. An object is written to {@code <name>.part}, its data synced (fdatasync), then renamed
 * atomically to {@code <SOP Instance UID>.dcm} and the directory fsynced, so a name without ".part" always means a
 * complete, durable file. The directory's fsync is shared by the objects renamed while one runs ({@link DirectorySync}).
 * With {@link Durability#PROCESS} nothing is synced: the rename alone, which survives kill -9 but not a loss of power.
 * On start, leftover ".part" files (from a crash) are deleted: they were never acknowledged.
 */
public final class DicomSpool {

    private static final Logger LOG = Logger.getLogger(DicomSpool.class);
    public static final String PART_SUFFIX = ".part";
    public static final String SUFFIX = ".dcm";

    private final Path dir;
    private final Durability durability;
    private final DirectorySync dirSync;

    /** Power-loss safe ({@link Durability#POWER_LOSS}). */
    public DicomSpool(Path dir) throws IOException {
        this(dir, Durability.POWER_LOSS);
    }

    public DicomSpool(Path dir, Durability durability) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.durability = durability;
        this.dirSync = new DirectorySync(this.dir);
        Files.createDirectories(this.dir);
    }

    public Durability durability() {
        return durability;
    }

    public Path directory() {
        return dir;
    }

    /** Deletes stale ".part" files; returns how many. */
    public int removeStaleParts() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART_SUFFIX)) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        if (n > 0) {
            fsyncDirectory();
            LOG.warnf("removed %d incomplete spool file(s) left by an earlier run in %s", n, dir);
        }
        return n;
    }

    /** A new part file being written; {@link Part#commit} makes it durable and visible, {@link Part#discard} drops it. */
    public Part create(String sopInstanceUID) throws IOException {
        String name = fileName(sopInstanceUID);
        Path part = dir.resolve(name + "." + UUID.randomUUID() + PART_SUFFIX);
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Part(part, dir.resolve(name + SUFFIX), ch);
    }

    /** The SOP Instance UID when it is a plain UID, else its SHA-256: no path tricks reach the file system. */
    static String fileName(String iuid) {
        if (iuid != null && iuid.matches("[0-9.]{1,64}") && !iuid.startsWith(".")) {
            return iuid;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.valueOf(iuid).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fsyncDirectory() throws IOException {
        DirectorySync.fsync(dir);
    }

    /** One object being received. */
    public final class Part implements AutoCloseable {
        private final Path path;
        private final Path target;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        Part(Path path, Path target, FileChannel channel) {
            this.path = path;
            this.target = target;
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        public Path path() {
            return path;
        }

        /** Unbuffered; wrap it in a buffer. Closing it does not close the part. */
        public OutputStream output() {
            return new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /**
         * Forces the file's bytes to disk (unless the durability is {@link Durability#PROCESS}) and closes it; the
         * content can now be checked before commit. fdatasync suffices: the file is new, and its size, the only
         * metadata needed to read it back, is synced with the data.
         */
        public void sync() throws IOException {
            if (durability == Durability.POWER_LOSS) {
                channel.force(false);
            }
            channel.close();
        }

        /**
         * Renames atomically to the final name and, unless the durability is {@link Durability#PROCESS}, waits for
         * an fsync of the directory that began after the rename; returns the final path.
         */
        public Path commit() throws IOException {
            if (channel.isOpen()) {
                sync();
            }
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the spool file system cannot rename atomically: " + dir, e);
            }
            done = true;
            if (durability == Durability.POWER_LOSS) {
                dirSync.await();
            }
            return target;
        }

        public void discard() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException e) {
                // deleting is what matters
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.errorf("cannot delete incomplete spool file %s: %s", path, e.getMessage());
            }
        }

        @Override
        public void close() {
            discard();
        }
    }
}
