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

    /** The first copy of the entry's file whose sha256 matches, else a {@link ModelNotAvailableException}. */
    public Path resolve(ModelEntry entry) {
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
                return candidate;
            }
            rejected.add(candidate + " (corrupted or a different version: sha256 " + actual + ", expected "
                    + entry.sha256() + ")");
        }
        StringBuilder msg = new StringBuilder("model file ").append(entry.file()).append(" (").append(entry.name())
                .append(") ");
        if (rejected.isEmpty()) {
            msg.append("not found in ").append(describe(searchPath));
        } else {
            msg.append("has no valid copy: ").append(String.join("; ", rejected));
        }
        msg.append(". Obtain it from: ").append(entry.source())
                .append(" (sha256 ").append(entry.sha256()).append("; see models/README.md), and put it in ")
                .append(searchPath.isEmpty() ? "dmask.model.dir" : searchPath.get(0).toAbsolutePath().normalize());
        throw new ModelNotAvailableException(msg.toString());
    }

    private static String describe(List<Path> dirs) {
        if (dirs.isEmpty()) {
            return "(no directory configured: set dmask.model.dir or dmask.model.cache-dir)";
        }
        List<String> s = new ArrayList<>();
        for (Path d : dirs) {
            s.add(d.toAbsolutePath().normalize().toString());
        }
        return String.join(", ", s);
    }

    static String sha256(Path file) throws IOException {
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
