package org.dmask.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dmask.dicom.DicomInputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves bulk-data spool files ({@code dmask-bulk-*.tmp}, DicomInputStream) in
 * java.io.tmpdir: each one is a value read and never disposed, which in the gateway is disk that fills up. Registered
 * for every test class (META-INF/services, junit-platform.properties). Only files that appeared during the class
 * count, so files from other processes before it do not.
 */
public final class NoSpoolLeftBehind implements BeforeAllCallback, AfterAllCallback {

    static final String PREFIX = DicomInputStream.SPOOL_PREFIX;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoSpoolLeftBehind.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        context.getStore(NS).put("before", spoolFiles());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        @SuppressWarnings("unchecked")
        Set<Path> before = context.getStore(NS).get("before", Set.class);
        if (before == null) {
            return;
        }
        verify(context.getDisplayName(), before);
    }

    /** Throws when spool files exist now that were not in {@code before}. */
    static void verify(String who, Set<Path> before) throws IOException {
        Set<Path> left = spoolFiles();
        left.removeAll(before);
        if (!left.isEmpty()) {
            List<String> names = left.stream().map(p -> p.getFileName().toString()).sorted().toList();
            throw new AssertionError(who + " left " + left.size() + " bulk-data spool file(s) in " + tmpdir()
                    + " (a data set read and not disposed: Attributes.disposeBulkData): "
                    + names.stream().limit(5).collect(Collectors.joining(", ")));
        }
    }

    private static Path tmpdir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    static Set<Path> spoolFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmpdir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
