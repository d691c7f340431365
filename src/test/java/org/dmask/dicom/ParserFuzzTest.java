package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded mutation fuzzing of the Part 10 reader: a fixed seed, a fixed count and a time limit. Every mutated input
 * either parses (and can then be written) or fails with a {@link DicomParseException}; nothing else is thrown, no
 * OutOfMemoryError, no hang, and no spool file is left behind.
 */
class ParserFuzzTest {

    private static final long SEED = 0x5EED_D1C0L;
    private static final int MUTATIONS = 20_000;
    private static final int MAX_SOURCE_SIZE = 256 * 1024;

    @TempDir
    Path spool;

    @Test
    void mutatedCorpusFilesParseOrFailCleanly() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Peers.shared("dicom-corpus/dev"))) {
            for (Path p : files.sorted().toList()) {
                if (Files.size(p) <= MAX_SOURCE_SIZE) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
        }
        DicomInputStream.Options options = DicomInputStream.Options.defaults()
                .withSpoolDirectory(spool).withBulkDataThreshold(1024);
        Random random = new Random(SEED);
        int[] outcome = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int n = 0; n < MUTATIONS; n++) {
                byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                boolean viaFile = n % 10 == 0;
                try {
                    parseAndWrite(input, options, viaFile);
                    outcome[0]++;
                } catch (DicomParseException expected) {
                    outcome[1]++;
                } catch (Throwable t) {
                    fail("mutation " + n + " (seed " + SEED + ") threw " + t, t);
                }
            }
        });
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("dmask-bulk-")
                    && !p.getFileName().toString().endsWith(".keep")).toList(), "spool files left behind");
        }
        System.out.printf("fuzz: %d mutations, %d parsed, %d rejected with DicomParseException%n",
                MUTATIONS, outcome[0], outcome[1]);
    }

    private void parseAndWrite(byte[] input, DicomInputStream.Options options, boolean viaFile) throws IOException {
        Attributes ds;
        Attributes fmi;
        TransferSyntax ts;
        Path file = null;
        if (viaFile) {
            file = Files.createTempFile(spool, "fuzz-", ".dcm");
            Files.write(file, input);
        }
        try (DicomInputStream in = viaFile ? new DicomInputStream(file, options)
                : new DicomInputStream(new ByteArrayInputStream(input), options)) {
            fmi = in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        try {
            // What the reader accepts, the writer must be able to write again (to nowhere).
            try (DicomOutputStream out = new DicomOutputStream(OutputStream.nullOutputStream())) {
                if (ts.encapsulated() || !containsFragments(ds)) {
                    out.writeDicomFile(fmi, ds, ts);
                }
            }
            // Typed access must not throw anything unexpected either.
            for (int i = 0; i < ds.size(); i++) {
                ds.getStrings(ds.tagAt(i));
            }
        } finally {
            ds.disposeBulkData();
            if (file != null) {
                Files.delete(file);
            }
        }
    }

    private static boolean containsFragments(Attributes ds) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.valueAt(i) instanceof Fragments) {
                return true;
            }
        }
        return false;
    }

    /** One of: flip bytes, plant a hostile 32-bit length, truncate, insert or duplicate a chunk. */
    static byte[] mutate(byte[] src, Random r) {
        byte[] b = src.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(8); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 1 -> {
                int at = r.nextInt(Math.max(1, b.length - 4));
                int[] hostile = {0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, r.nextInt(), 0xFFFF, 1, 3};
                int v = hostile[r.nextInt(hostile.length)];
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >>> (8 * k));
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> {
                int at = r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            default -> {
                int from = r.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + r.nextInt(64));
                int at = r.nextInt(b.length);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, from, out, at, len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
        }
        return b;
    }
}
