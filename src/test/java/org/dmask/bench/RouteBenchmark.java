package org.dmask.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.StoreScu;
import org.dmask.route.delivery.Backoff;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewaySettings;

/**
 * Tags-only routing through the gateway against a direct transfer, from one run: DCMTK storescu (TCP_NODELAY=1, one
 * association) sends N small CT instances to DCMTK storescp directly, then through dmask (C-STORE SCP, spool, rules,
 * Basic Profile de-identification, no mask, C-STORE to the same storescp). Throughput counts until the last
 * instance has arrived at storescp. Then the end-to-end latency of one object: dmask's own SCU stores one instance
 * (a new association each time) and the clock stops when it has arrived at storescp, through dmask and directly;
 * and, with {@code --video FILE}, the same for a video object (copies with new UIDs) with the mask off. With
 * {@code --masked-video CLIP}, the end-to-end latency of one 10-second video with the digital mask: the clip is looped
 * to 10 s by ffmpeg (H.264 High, 30 fps), wrapped as a Video Photographic object by the project's writer, and DCMTK
 * storescu sends it to a second gateway (rule: deid basic, mask full; the mask on the CPU, the models installed in
 * dmask.model.cache-dir) until the masked object is at storescp; one warm-up run (model loading, GL context) and one
 * measured run. A benchmark, not a test: run it with {@code tools/bench/bench-route.sh}.
 *
 * <p>usage: {@code RouteBenchmark [--instances N] [--latency-runs K] [--workers W] [--video FILE]
 * [--masked-video CLIP] CT_FILE WORK_DIR}
 */
public final class RouteBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final int VIDEO_RUNS = 5;

    public static void main(String[] args) throws Exception {
        int instances = 1000;
        int latencyRuns = 20;
        int workers = 4;
        Path video = null;
        Path clip = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--latency-runs" -> latencyRuns = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--video" -> video = Path.of(args[++i]);
                case "--masked-video" -> clip = Path.of(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        Path ct = Path.of(rest.get(0));
        Path work = Path.of(rest.get(1)).toAbsolutePath();
        DimseBenchmark.delete(work);
        Path small = Files.createDirectories(work.resolve("small"));
        Path warm = Files.createDirectories(work.resolve("warmup"));
        Path single = Files.createDirectories(work.resolve("single"));
        DimseBenchmark.makeInstances(ct, small, instances, "2.25.8001");
        DimseBenchmark.makeInstances(ct, warm, 200, "2.25.8002");
        DimseBenchmark.makeInstances(ct, single, 2 * latencyRuns + 10, "2.25.8003");
        Path cfg = DimseBenchmark.writeConfig(work.resolve("storescu.cfg"));
        Path rules = work.resolve("rules.yaml");

        int port = DimseBenchmark.freePort();
        Path out = Files.createDirectories(work.resolve("storescp-out"));
        ProcessBuilder pb = new ProcessBuilder("storescp", "-aet", "DCMTK", "+xa", "-od", out.toString(), "-fe",
                ".dcm", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process storescp = pb.start();
        try {
            DimseBenchmark.waitForPort(port);
            Files.writeString(rules, """
                    targets:
                      dcmtk: dicom:DCMTK@127.0.0.1:%d
                    rules:
                      - name: tags-only
                        deid: basic
                        mask: off
                        targets: [dcmtk]
                    """.formatted(port));
            GatewaySettings settings = new GatewaySettings(work.resolve("store"), rules,
                    "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool"), work.resolve("spool"), null,
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, Duration.ofHours(1)), workers, 200,
                    60_000);

            // Direct: storescu -> storescp.
            DimseBenchmark.send(port, "DCMTK", cfg, warm);
            clear(out);
            double direct = DimseBenchmark.send(port, "DCMTK", cfg, small);
            check(count(out) == instances, "storescp holds " + count(out) + " of " + instances);
            clear(out);
            latencies(out, single, 2 * latencyRuns, 5, port, "DCMTK"); // warm-up of our SCU in this JVM, not counted
            double[] directLatency = latencies(out, single, 0, latencyRuns, port, "DCMTK");
            Path videos = video == null ? null : videoCopies(video, work.resolve("videos"), 2 * VIDEO_RUNS);
            double[] directVideo = video == null ? null : latencies(out, videos, 0, VIDEO_RUNS, port, "DCMTK");
            clear(out);

            try (GatewayHarness h = GatewayHarness.start(settings, work.resolve("audit.jsonl"), null)) {
                int scp = h.gateway.scp().port();
                // Warm-up (JIT, class loading), not counted.
                DimseBenchmark.send(scp, "DMASK", cfg, warm);
                int warmCount = countFiles(warm);
                await(() -> count(out) >= warmCount && h.gateway.store().pending() == 0, "warm-up delivered");
                clear(out);

                long t0 = System.nanoTime();
                double ingest = DimseBenchmark.send(scp, "DMASK", cfg, small);
                int n = instances;
                await(() -> count(out) >= n && h.gateway.store().pending() == 0, "all delivered");
                double routed = (System.nanoTime() - t0) / 1e9;
                check(count(out) == instances, "storescp holds " + count(out) + " of " + instances);
                check(countFiles(h.gateway.store().deadLetterDirectory()) == 0, "no dead letters");
                clear(out);

                double[] viaLatency = latencies(out, single, latencyRuns, latencyRuns, scp, "DMASK");
                double[] viaVideo = video == null ? null
                        : latencies(out, videos, VIDEO_RUNS, VIDEO_RUNS, scp, "DMASK");

                System.out.printf(Locale.ROOT, "tags-only routing: %d x %d bytes, %d delivery workers%n", instances,
                        Files.size(small.resolve("i00000.dcm")), workers);
                System.out.printf(Locale.ROOT, "  storescu -> storescp:          %.3f s  %.0f instances/s%n", direct,
                        instances / direct);
                System.out.printf(Locale.ROOT, "  storescu -> dmask -> storescp: %.3f s  %.0f instances/s "
                        + "(storescu done after %.3f s, %.0f instances/s into dmask)%n", routed, instances / routed,
                        ingest, instances / ingest);
                System.out.printf(Locale.ROOT, "  ratio via dmask / direct (instances/s): %.3f%n", direct / routed);
                System.out.printf(Locale.ROOT, "latency of one %d-byte instance, %d runs, each a new association "
                        + "(dmask's SCU in this JVM until the file is at storescp):%n",
                        Files.size(single.resolve("i00000.dcm")), latencyRuns);
                System.out.printf(Locale.ROOT, "  direct:    %s%n", summary(directLatency));
                System.out.printf(Locale.ROOT, "  via dmask: %s%n", summary(viaLatency));
                if (video != null) {
                    System.out.printf(Locale.ROOT, "latency of one video object (%s, %d bytes), mask off, %d runs:%n",
                            video.getFileName(), Files.size(video), VIDEO_RUNS);
                    System.out.printf(Locale.ROOT, "  direct:    %s%n", summary(directVideo));
                    System.out.printf(Locale.ROOT, "  via dmask: %s%n", summary(viaVideo));
                }
            }
            if (clip != null) {
                maskedVideo(clip, work, out, port, workers);
            }
        } finally {
            storescp.destroy();
            storescp.waitFor();
            DimseBenchmark.delete(work);
        }
    }

    /**
     * One 10-second video from DCMTK storescu through a gateway with the digital mask (deid basic, mask full) until
     * storescp holds the masked object: a warm-up run, then the measured one.
     */
    private static void maskedVideo(Path clip, Path work, Path out, int port, int workers) throws Exception {
        Path dir = Files.createDirectories(work.resolve("masked-video"));
        Path mp4 = dir.resolve("ten-seconds.mp4");
        org.dmask.video.VideoFixtures.ffmpeg("-stream_loop", "-1", "-i", clip.toString(), "-t", "10", "-an", "-r",
                "30", "-c:v", "libx264", "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p", "-crf", "18",
                mp4.toString());
        int frames = 300;
        Path[] dcm = new Path[2];
        for (int k = 0; k < 2; k++) {
            dcm[k] = org.dmask.video.VideoFixtures.wrap(mp4, org.dmask.dicom.UID.VideoPhotographicImageStorage,
                    org.dmask.dicom.UID.MPEG4HP41, 1, frames, new org.dmask.video.FrameRate(30, 1), 640, 480,
                    dir.resolve("v" + k + ".dcm"));
        }
        Path rules = work.resolve("rules-mask.yaml");
        Files.writeString(rules, """
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: masked
                    deid: basic
                    mask: full
                    targets: [dcmtk]
                """.formatted(port));
        GatewaySettings settings = new GatewaySettings(work.resolve("store-mask"), rules,
                "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool-mask"), work.resolve("spool-mask"),
                null, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, Duration.ofHours(1)), workers,
                200, 60_000);
        org.dmask.mask.pipeline.MaskPipeline pipeline = org.dmask.mask.MaskTestSupport.pipeline(0.2);
        clear(out);
        double[] ms = new double[2];
        try (GatewayHarness h = GatewayHarness.start(settings, work.resolve("audit-mask.jsonl"),
                (in, o, mode) -> org.dmask.mask.pipeline.DigitalMask.mask(pipeline, in, o, mode))) {
            int scp = h.gateway.scp().port();
            for (int k = 0; k < 2; k++) {
                int before = count(out);
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("storescu", "-R", "-xn", "-aec", "DMASK", "-aet", "BENCH", "127.0.0.1",
                        Integer.toString(scp), dcm[k].toString()).redirectErrorStream(true)
                        .redirectOutput(work.resolve("storescu-mask-" + k + ".log").toFile()).start();
                check(p.waitFor() == 0, "storescu of the video");
                await(() -> count(out) > before && h.gateway.store().pending() == 0, "the masked video delivered");
                ms[k] = (System.nanoTime() - t0) / 1e6;
            }
            check(countFiles(h.gateway.store().deadLetterDirectory()) == 0, "no dead letters");
        }
        Path got;
        try (Stream<Path> s = Files.list(out)) {
            got = s.filter(f -> f.toString().endsWith(".dcm")).findFirst().orElseThrow();
        }
        Attributes ds;
        try (DicomInputStream in = new DicomInputStream(got)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
        }
        check("NO".equals(ds.getString(Tag.RecognizableVisualFeatures)), "the video at storescp is masked");
        check(Integer.toString(frames).equals(ds.getString(Tag.NumberOfFrames)), "frames kept");
        System.out.printf(Locale.ROOT, "latency of one 10-second video (%s looped, 640x480, 30 fps, %d frames, "
                + "H.264 %d bytes), storescu -> dmask (deid basic, mask full, CPU) -> storescp:%n",
                clip.getFileName(), frames, Files.size(dcm[1]));
        System.out.printf(Locale.ROOT, "  first run (models loaded, GL context made): %.1f s%n", ms[0] / 1e3);
        System.out.printf(Locale.ROOT, "  second run:                                 %.1f s (%.2fx real time)%n",
                ms[1] / 1e3, ms[1] / 1e4);
    }

    /** Stores files {@code from .. from+runs-1} of {@code dir} one at a time; milliseconds until each arrived. */
    private static double[] latencies(Path out, Path dir, int from, int runs, int port, String aet) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            int before = count(out);
            long t0 = System.nanoTime();
            StoreScu.Result r = new StoreScu(ScuSettings.of("127.0.0.1", port, aet, "BENCH"))
                    .store(List.of(files.get(from + i)), x -> { }).get(0);
            check(r.success(), "C-STORE to " + aet + ": " + r);
            while (count(out) <= before) {
                if (System.nanoTime() - t0 > LIMIT.toNanos()) {
                    throw new IllegalStateException("not delivered within " + LIMIT);
                }
                Thread.sleep(1);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** {@code n} copies of a video object with new SOP Instance UIDs (the fragments are copied from the file). */
    private static Path videoCopies(Path video, Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Attributes ds;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(video)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
            for (int k = 0; k < n; k++) {
                ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.8004" + String.format("%05d", k));
                try (OutputStream o = Files.newOutputStream(dir.resolve(String.format("v%05d.dcm", k)))) {
                    new DicomOutputStream(o).writeDicomFile(null, ds, ts);
                }
            }
        }
        return dir;
    }

    private static String summary(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "median %.1f ms, min %.1f ms, max %.1f ms", s[s.length / 2], s[0],
                s[s.length - 1]);
    }

    /** Files written completely by storescp (it writes the final name directly; a partial one is still counted). */
    private static int count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(f -> f.getFileName().toString().endsWith(".dcm")).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        }
    }

    private static void clear(Path dir) throws IOException {
        DimseBenchmark.delete(dir);
        Files.createDirectories(dir);
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
