package org.dmask.route.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dmask.route.spool.DurableFiles;

/**
 * The object store on a folder every node mounts (NFS, a shared volume): {@code objects/<key>} and
 * {@code dead-letters/}, both owner-only (they hold identified originals). A write goes to a hidden temporary name in
 * the same folder, is fsynced, renamed, and the folder fsynced: on NFS the rename is atomic on the server and
 * {@code fsync} commits the data, so a reader on another node sees the whole object or none.
 */
public final class FileObjectStore implements ObjectStore {

    private final Path root;
    private final Path objects;
    private final Path deadLetters;

    public FileObjectStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        this.objects = DurableFiles.folder(this.root.resolve("objects"), DurableFiles.OWNER_ONLY_FOLDER);
        this.deadLetters = DurableFiles.folder(this.root.resolve("dead-letters"), DurableFiles.OWNER_ONLY_FOLDER);
    }

    private Path object(String key) {
        if (!key.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}") || key.contains("..")) {
            throw new IllegalArgumentException("not an object key: '" + key + "'");
        }
        return objects.resolve(key);
    }

    @Override
    public void put(String key, Path source) throws IOException {
        DurableFiles.copy(source, object(key), DurableFiles.OWNER_ONLY);
    }

    @Override
    public void get(String key, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(object(key))) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.copy(in, tmp);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(object(key));
    }

    @Override
    public void delete(String key) throws IOException {
        if (Files.deleteIfExists(object(key))) {
            DurableFiles.fsyncDirectory(objects);
        }
    }

    @Override
    public synchronized void keepDeadLetter(String name, String suffix, Path file, String reasons)
            throws IOException {
        Path kept = deadLetters.resolve(name + suffix);
        if (!Files.exists(kept)) {
            DurableFiles.copy(file, kept, DurableFiles.OWNER_ONLY);
        }
        Path reasonFile = deadLetters.resolve(name + ".reason.txt");
        String before = "";
        try {
            before = Files.readString(reasonFile, StandardCharsets.UTF_8) + "\n";
        } catch (NoSuchFileException e) {
            // the first failure of this object
        }
        byte[] text = (before + reasons.strip() + "\n").getBytes(StandardCharsets.UTF_8);
        DurableFiles.write(reasonFile, o -> o.write(text), DurableFiles.OWNER_ONLY);
    }

    @Override
    public List<String> keys() throws IOException {
        return names(objects);
    }

    @Override
    public List<String> deadLetterFiles() throws IOException {
        return names(deadLetters);
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> !f.getFileName().toString()
                .startsWith("."))) {
            files.forEach(f -> out.add(f.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    /** The dead-letter area: {@code <name>.dcm[.enc]} and {@code <name>.reason.txt}, as a job store keeps them. */
    public Path deadLetterDirectory() {
        return deadLetters;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Leftovers of interrupted writes (hidden temporaries), deleted at start. */
    public int removeTemporaries() throws IOException {
        return DurableFiles.removeTemporaries(objects) + DurableFiles.removeTemporaries(deadLetters);
    }

}
