package org.dmask.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Finds a manifest entry's file on the search path and checks its sha256 before anyone loads it. */
public final class ModelResolver {

    private final List<Path> searchPath;

    public ModelResolver(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /**
     * What the search path holds for an entry.
     *
     * @param file     the first copy whose sha256 matches, or null
     * @param rejected copies found but refused, each with the reason
     */
    public record Found(Path file, List<String> rejected) {
    }

    /** Looks for the entry's file without failing: for listing and for deciding to install. */
    public Found find(ModelEntry entry) {
        List<String> rejected = new ArrayList<>();
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(entry.file()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            String actual;
            try {
                actual = sha256(candidate);
            } catch (IOException e) {
                rejected.add(candidate + " (unreadable: " + e.getMessage() + ")");
                continue;
            }
            if (actual.equals(entry.sha256())) {
                return new Found(candidate, List.copyOf(rejected));
            }
            rejected.add(candidate + " (corrupted or a different version: sha256 " + actual + ", expected "
                    + entry.sha256() + ")");
        }
        return new Found(null, List.copyOf(rejected));
    }

    /** The first copy of the entry's file whose sha256 matches, else a {@link ModelNotAvailableException}. */
    public Path resolve(ModelEntry entry) {
        Found found = find(entry);
        if (found.file() != null) {
            return found.file();
        }
        StringBuilder msg = new StringBuilder("model file ").append(entry.file()).append(" (").append(entry.name())
                .append(") ");
        if (found.rejected().isEmpty()) {
            msg.append("not found in ").append(describe(searchPath, entry));
        } else {
            msg.append("has no valid copy: ").append(String.join("; ", found.rejected()));
        }
        msg.append(". dmask builds it from npm ").append(entry.pkg().id()).append(" (").append(entry.source())
                .append("): run `dmask models install").append(entry.evalOnly() ? " --eval" : "")
                .append("` (see models/README.md)");
        throw new ModelNotAvailableException(msg.toString());
    }

    private static String describe(List<Path> dirs, ModelEntry entry) {
        if (dirs.isEmpty()) {
            return entry.evalOnly() ? "(no directory configured: set dmask.model.eval-dir)"
                    : "(no directory configured: set dmask.model.dir or dmask.model.cache-dir)";
        }
        List<String> s = new ArrayList<>();
        for (Path d : dirs) {
            s.add(d.toAbsolutePath().normalize().toString());
        }
        return String.join(", ", s);
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
