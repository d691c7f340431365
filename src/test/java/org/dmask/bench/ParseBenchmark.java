package org.dmask.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Sequence;

/**
 * Part 10 parse throughput of our reader against DCMTK's {@code dcmdump}, from one run.
 * A benchmark, not a test: run it with {@code tools/bench/bench-parse.sh}.
 *
 * <p>Ours: per file, {@link DicomInputStream#readFileMetaInformation()} and {@link DicomInputStream#readDataset()}
 * with default options (values over 64 KiB and pixel data fragments are referenced, not read), then every
 * element's value is decoded to strings with {@link Attributes#getStrings(int)}, sequences included, so character
 * set decoding and binary number formatting are part of the figure. Nothing is printed.
 *
 * <p>dcmdump: {@code dcmdump -q -M +R 64 +L} (load values up to 64 KiB, print every loaded value in full) to
 * /dev/null, once with all files in one process and once with one process per file.
 *
 * <p>usage: {@code ParseBenchmark [--reps N] [--warmup N] [--only ours|dcmdump] CORPUS_DIR}
 */
public final class ParseBenchmark {

    static final List<String> DCMDUMP_ARGS = List.of("dcmdump", "-q", "-M", "+R", "64", "+L");

    private static long sink;

    public static void main(String[] args) throws Exception {
        int reps = 20;
        int warmup = 5;
        String only = null;
        Path corpus = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> corpus = Path.of(args[i]);
            }
        }
        if (corpus == null || !Files.isDirectory(corpus)) {
            System.err.println("usage: ParseBenchmark [--reps N] [--warmup N] [--only ours|dcmdump] CORPUS_DIR");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }

        // Only files that both sides parse count, so both parse the same bytes.
        List<Path> usable = new ArrayList<>();
        for (Path f : files) {
            try {
                parse(f);
                usable.add(f);
            } catch (Exception e) {
                System.out.println("skipped (our reader: " + e.getMessage() + "): " + f.getFileName());
            }
        }
        if (!"ours".equals(only)) {
            List<Path> both = new ArrayList<>();
            for (Path f : usable) {
                List<String> cmd = new ArrayList<>(DCMDUMP_ARGS);
                cmd.add(f.toString());
                if (runDiscard(cmd) == 0) {
                    both.add(f);
                } else {
                    System.out.println("skipped (dcmdump failed): " + f.getFileName());
                }
            }
            usable = both;
        }
        long usableBytes = 0;
        for (Path f : usable) {
            usableBytes += Files.size(f);
        }
        System.out.printf(Locale.ROOT, "corpus: %s, %d files (%d bytes), %d used (%d bytes), %d repetitions%n",
                corpus, files.size(), bytes, usable.size(), usableBytes, reps);

        double oursS = Double.NaN;
        if (!"dcmdump".equals(only)) {
            for (int w = 0; w < warmup; w++) {
                for (Path f : usable) {
                    parse(f);
                }
            }
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (Path f : usable) {
                    parse(f);
                }
            }
            oursS = (System.nanoTime() - t0) / 1e9;
            report("dmask DicomInputStream + getStrings (1 JVM, warm)", oursS, reps, usable.size(), usableBytes);
        }
        if ("ours".equals(only)) {
            return;
        }

        List<String> all = new ArrayList<>(DCMDUMP_ARGS);
        usable.forEach(f -> all.add(f.toString()));
        runDiscard(all); // warm the page cache and the binary
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            runDiscard(all);
        }
        double allS = (System.nanoTime() - t0) / 1e9;
        report(String.join(" ", DCMDUMP_ARGS) + " FILES... (1 process/rep)", allS, reps, usable.size(), usableBytes);

        t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            for (Path f : usable) {
                List<String> cmd = new ArrayList<>(DCMDUMP_ARGS);
                cmd.add(f.toString());
                runDiscard(cmd);
            }
        }
        double perFileS = (System.nanoTime() - t0) / 1e9;
        report(String.join(" ", DCMDUMP_ARGS) + " FILE (1 process/file)", perFileS, reps, usable.size(), usableBytes);

        if (!Double.isNaN(oursS)) {
            System.out.printf(Locale.ROOT, "ratio ours/dcmdump (throughput), all files per process: %.2f%n", allS / oursS);
            System.out.printf(Locale.ROOT, "ratio ours/dcmdump (throughput), one process per file:  %.2f%n", perFileS / oursS);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    static void parse(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            if (fmi != null) {
                touch(fmi);
            }
            touch(ds);
        }
    }

    private static void touch(Attributes a) {
        for (int i = 0, n = a.size(); i < n; i++) {
            Object v = a.valueAt(i);
            if (v instanceof Sequence seq) {
                for (Attributes item : seq) {
                    touch(item);
                }
            } else {
                for (String s : a.getStrings(a.tagAt(i))) {
                    sink += s.length();
                }
            }
        }
    }

    private static int runDiscard(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }

    private static void report(String what, double seconds, int reps, int files, long bytes) {
        double mb = (double) bytes * reps / 1e6;
        System.out.printf(Locale.ROOT, "%-62s %8.3f s  %8.1f MB/s  %9.1f files/s%n",
                what, seconds, mb / seconds, files * reps / seconds);
    }
}
