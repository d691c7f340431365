package org.dmask.deid;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A secret key of {@value #KEY_BYTES} random bytes kept in a file of its own, one line of base64. The first use
 * generates it (SecureRandom) into a file of mode 0600 in a folder of mode 0700, created with those modes so that it
 * is never readable by others even for a moment, written under a temporary name and linked into place (two processes
 * starting at once end up with the same key). Later uses read it back. A key file that group or others may open, or
 * that does not hold exactly {@value #KEY_BYTES} bytes, is refused with a one-line {@link ConfigurationException}.
 * The key itself is never logged.
 */
public final class KeyFile {

    /** 256 bits: HMAC-SHA256 for pseudonyms, AES-256 for the re-identification map. */
    public static final int KEY_BYTES = 32;

    private static final Logger LOG = Logger.getLogger(KeyFile.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** A key and where it came from; {@code generated} when this call made the file. */
    public record Key(byte[] bytes, Path file, boolean generated) {
        public Key {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Key[" + file + (generated ? ", generated" : "") + "]"; // never the bytes
        }
    }

    private KeyFile() {
    }

    /**
     * The key in {@code file}, generated there when the file does not exist yet. {@code property} names the setting
     * in messages (e.g. {@code dmask.deid.key-file}); {@code lossWarning} is the WARN's second sentence: what losing
     * or leaking this key means.
     */
    public static Key readOrCreate(Path file, String property, String what, String lossWarning) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) { // a dangling link is refused by read, not replaced
            return new Key(read(absolute, property), absolute, false);
        }
        try {
            boolean made = create(absolute);
            Key key = new Key(read(absolute, property), absolute, made);
            if (made) {
                LOG.warnf("generated a new %s in %s: back this file up and keep it secret. %s", what, absolute,
                        lossWarning);
            }
            return key;
        } catch (UnsupportedOperationException e) {
            throw new ConfigurationException(property + " " + absolute + ": this file system has no POSIX file "
                    + "modes, so a generated key could not be kept private; put the key file on a POSIX file system");
        } catch (IOException e) {
            throw new ConfigurationException(property + " " + absolute + ": cannot create the key file: "
                    + describe(e));
        }
    }

    /** Reads a key file: owner-only, one line of base64 of exactly {@value #KEY_BYTES} bytes. */
    public static byte[] read(Path file, String property) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigurationException(property + " " + file + ": not a regular file");
            }
            Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
            open.addAll(Files.getPosixFilePermissions(file));
            open.retainAll(GROUP_OR_OTHERS);
            if (!open.isEmpty()) {
                throw new ConfigurationException(property + " " + file + ": group or others may open it (mode "
                        + mode(Files.getPosixFilePermissions(file)) + "); run chmod 600 " + file);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(property + " " + file + ": not a dmask key (expected one line of "
                        + "base64 of " + KEY_BYTES + " bytes)");
            }
            if (key.length != KEY_BYTES) {
                throw new ConfigurationException(property + " " + file + ": holds " + key.length
                        + " bytes, a dmask key has " + KEY_BYTES + " (truncated or not a dmask key?)");
            }
            return key;
        } catch (UnsupportedOperationException e) {
            throw new ConfigurationException(property + " " + file + ": this file system has no POSIX file modes, "
                    + "so dmask cannot tell whether others can read the key");
        } catch (IOException e) {
            throw new ConfigurationException(property + " " + file + ": cannot read: " + describe(e));
        }
    }

    /** Writes a new key to {@code file} unless another process got there first; true when this call wrote it. */
    private static boolean create(Path file) throws IOException {
        Path folder = file.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder.getParent()); // the data folder itself keeps the default mode
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } catch (FileAlreadyExistsException e) {
                // made by a process starting beside this one
            }
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] line = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
        Path temp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp", ownerOnly);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(true);
            }
            try {
                Files.createLink(file, temp); // atomic, and never replaces a key another process just made
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // No hard links on this file system: an atomic rename, which would replace a key made in the
                // same instant by a second process (unlikely: both would have to start at once on a first start).
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            syncFolder(folder);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debugf("cannot fsync folder %s: %s", folder, e.getMessage());
        }
    }

    private static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", m);
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
