package org.dmask.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dimse.Durability;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.StoreScp;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewaySettings;
import org.dmask.route.delivery.Backoff;

/**
 * Durable C-STORE ingest against the disk's own limit and DCMTK's storescp, from one run. Each round measures:
 * <ul>
 * <li>the disk's limit for one durable write per instance: a loop that creates a file of the instance's size, writes
 * it, fdatasyncs it, renames it and fsyncs the folder (what the spool needs per instance);</li>
 * <li>DCMTK storescp ({@code --fork +xa}, fsyncs nothing) receiving N instances from storescu, over one association
 * and over A parallel associations (A storescu processes, N/A instances each);</li>
 * <li>dmask's SCP ({@link StoreScp}, in this JVM) the same, once with {@link Durability#POWER_LOSS} (the default) and
 * once with {@link Durability#PROCESS};</li>
 * <li>the gateway (in this JVM, power-loss): the SCP, then the rules and the durable job store before the next
 * C-STORE is read, with 4 delivery workers sending to a second storescp meanwhile. Its time is the senders'; the
 * delivery of the rest is waited for, untimed, before the next measure.</li>
 * </ul>
 * Times are from the first storescu's start to the last one's end, process start included. Within a round each of
 * ours runs next to what it is compared with (the limit, then power-loss on one association, storescp, process; then
 * the same over A associations), so that a slow moment of a shared host falls on both; the summary gives per-round
 * ratios and their median. A benchmark, not a test: run it with {@code tools/bench/bench-ingest.sh}.
 *
 * <p>usage: {@code IngestBenchmark [--instances N] [--associations A] [--rounds R] CT_FILE WORK_DIR}
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        int instances = 1000;
        int associations = 4;
        int rounds = 3;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--associations" -> associations = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        Path ct = Path.of(rest.get(0));
        Path work = Path.of(rest.get(1)).toAbsolutePath();
        DimseBenchmark.delete(work);
        List<Path> parts = new ArrayList<>();
        for (int a = 0; a < associations; a++) {
            Path d = Files.createDirectories(work.resolve("small/" + a));
            DimseBenchmark.makeInstances(ct, d, instances / associations, "2.25.90" + a + "1");
            parts.add(d);
        }
        int n = instances / associations * associations;
        Path warm = Files.createDirectories(work.resolve("warmup"));
        DimseBenchmark.makeInstances(ct, warm, 200, "2.25.9002");
        Path cfg = DimseBenchmark.writeConfig(work.resolve("storescu.cfg"));
        byte[] instanceBytes = Files.readAllBytes(parts.get(0).resolve("i00000.dcm"));
        Path loopDir = Files.createDirectories(work.resolve("fsync-loop"));

        Map<String, double[]> perSecond = new LinkedHashMap<>();
        String limit = "disk limit: write + fdatasync + rename + folder fsync, one at a time";
        String[] sides = {"storescp", "dmask power-loss", "dmask process",
            "gateway power-loss (SCP + rules + job store, delivering)"};
        perSecond.put(limit, new double[rounds]);
        for (String s : sides) {
            perSecond.put(s + ", 1 association", new double[rounds]);
            perSecond.put(s + ", " + associations + " associations", new double[rounds]);
        }

        int port = DimseBenchmark.freePort();
        Path out = Files.createDirectories(work.resolve("storescp-out"));
        ProcessBuilder pb = new ProcessBuilder("storescp", "--fork", "-aet", "DCMTK", "+xa", "-od", out.toString(),
                "-fe", ".dcm", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process storescp = pb.start();
        Path powerSpool = work.resolve("spool-power-loss");
        Path processSpool = work.resolve("spool-process");
        // The gateway delivers to a storescp of its own (one rule, Basic Profile, 4 delivery workers).
        int targetPort = DimseBenchmark.freePort();
        Path delivered = Files.createDirectories(work.resolve("gateway-target"));
        ProcessBuilder tb = new ProcessBuilder("storescp", "--fork", "-aet", "TARGET", "+xa", "-od",
                delivered.toString(), "-fe", ".dcm", Integer.toString(targetPort)).redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp-target.log").toFile());
        tb.environment().put("TCP_NODELAY", "1");
        Process target = tb.start();
        Path rules = work.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  archive: dicom:TARGET@127.0.0.1:%d
                rules:
                  - name: all
                    deid: basic
                    targets: [archive]
                """.formatted(targetPort));
        Path gatewaySpool = work.resolve("gateway/spool");
        GatewaySettings gatewaySettings = new GatewaySettings(work.resolve("gateway/store"), rules,
                "dicom:DMASK?host=127.0.0.1&port=0&spool=" + gatewaySpool, gatewaySpool, null,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, Duration.ofHours(1)), 4, 200, 60_000);
        try (StoreScp power = new StoreScp(ScpSettings.localDefaults("DMASK", 0, powerSpool)).start();
                StoreScp process = new StoreScp(ScpSettings.localDefaults("DMASK", 0, processSpool)
                        .withDurability(Durability.PROCESS)).start();
                GatewayHarness gateway = GatewayHarness.start(gatewaySettings, work.resolve("audit.jsonl"), null)) {
            DimseBenchmark.waitForPort(port);
            DimseBenchmark.waitForPort(targetPort);
            int gatewayPort = gateway.gateway.scp().port();
            DimseBenchmark.send(gatewayPort, "DMASK", cfg, warm);
            drained(gateway, delivered, 200);
            DimseBenchmark.send(port, "DCMTK", cfg, warm);
            DimseBenchmark.send(power.port(), "DMASK", cfg, warm); // JIT warm-up, not counted
            DimseBenchmark.send(process.port(), "DMASK", cfg, warm);
            int[] ports = {port, power.port(), process.port(), gatewayPort};
            String[] aets = {"DCMTK", "DMASK", "DMASK", "DMASK"};
            Path[] folders = {out, powerSpool, processSpool, delivered};
            // Each of ours next to what it is compared with, so that a slow moment of the host falls on both.
            int[][] order = {{-1, 0}, {1, 0}, {3, 0}, {0, 0}, {2, 0}, {0, 1}, {1, 1}, {3, 1}, {2, 1}}; // {side (-1: limit), parallel}
            for (int r = 0; r < rounds; r++) {
                for (int[] m : order) {
                    if (m[0] < 0) {
                        perSecond.get(limit)[r] = n / fsyncLoop(loopDir, instanceBytes, n);
                        continue;
                    }
                    int s = m[0];
                    boolean parallel = m[1] == 1;
                    clear(folders[s]);
                    double secs = parallel ? sendParallel(ports[s], aets[s], cfg, parts)
                            : sendOne(ports[s], aets[s], cfg, parts);
                    if (s == 3) {
                        drained(gateway, delivered, n); // not timed: the ingest is what the senders waited for
                    }
                    int got = count(folders[s]);
                    if (got != n) {
                        throw new IllegalStateException(sides[s] + " holds " + got + " of " + n);
                    }
                    perSecond.get(sides[s] + ", " + (parallel ? associations + " associations" : "1 association"))[r]
                            = n / secs;
                }
                int round = r;
                System.out.printf(Locale.ROOT, "round %d (instances/s):%n", r + 1);
                perSecond.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-75s %6.0f%n", k, v[round]));
            }
        } finally {
            storescp.destroy();
            storescp.waitFor();
            target.destroy();
            target.waitFor();
        }
        summary(perSecond, limit, associations, rounds);
        DimseBenchmark.delete(work);
    }

    private static void summary(Map<String, double[]> perSecond, String limit, int associations, int rounds) {
        System.out.printf(Locale.ROOT, "median of %d rounds (instances/s):%n", rounds);
        perSecond.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-75s %6.0f%n", k, median(v)));
        String one = ", 1 association";
        String many = ", " + associations + " associations";
        System.out.println("ratios, per round, then their median:");
        ratio(perSecond, "dmask power-loss" + one, limit, "dmask power-loss, 1 association / disk limit");
        ratio(perSecond, "dmask power-loss" + many, "storescp" + many, "dmask power-loss / storescp" + many);
        ratio(perSecond, "dmask power-loss" + one, "storescp" + one, "dmask power-loss / storescp" + one);
        ratio(perSecond, "dmask process" + one, "storescp" + one, "dmask process / storescp" + one);
        ratio(perSecond, "dmask process" + many, "storescp" + many, "dmask process / storescp" + many);
        String gateway = "gateway power-loss (SCP + rules + job store, delivering)";
        ratio(perSecond, gateway + one, limit, "gateway power-loss, 1 association / disk limit");
        ratio(perSecond, gateway + many, "storescp" + many, "gateway power-loss / storescp" + many);
    }

    /** Waits until the gateway has delivered {@code n} objects and holds no job; fails after 10 minutes. */
    private static void drained(GatewayHarness h, Path delivered, int n) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (count(delivered) < n || h.gateway.store().pending() > 0 || count(h.gateway.spoolDirectory()) > 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the gateway did not deliver " + n + " objects in 10 minutes");
            }
            Thread.sleep(5);
        }
        if (count(h.gateway.store().deadLetterDirectory()) > 0) {
            throw new IllegalStateException("dead letters in the gateway: " + h.gateway.store().deadLetterDirectory());
        }
    }

    private static void ratio(Map<String, double[]> perSecond, String ours, String reference, String label) {
        double[] a = perSecond.get(ours);
        double[] b = perSecond.get(reference);
        double[] r = new double[a.length];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
            sb.append(String.format(Locale.ROOT, " %.2f", r[i]));
        }
        System.out.printf(Locale.ROOT, "  %-60s%s  -> %.2f%n", label, sb, median(r));
    }

    /** Seconds for {@code n} durable writes, one after the other, as the spool makes them. */
    static double fsyncLoop(Path dir, byte[] bytes, int n) throws IOException {
        clear(dir);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Path part = dir.resolve(i + ".part");
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
            Files.move(part, dir.resolve(i + ".dcm"), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One storescu, one association, all folders. */
    private static double sendOne(int port, String aet, Path cfg, List<Path> dirs) throws Exception {
        long t0 = System.nanoTime();
        Process p = storescu(port, aet, cfg, dirs);
        finish(p, aet);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One storescu per folder, all at once. */
    private static double sendParallel(int port, String aet, Path cfg, List<Path> dirs) throws Exception {
        long t0 = System.nanoTime();
        List<Process> ps = new ArrayList<>();
        for (Path d : dirs) {
            ps.add(storescu(port, aet, cfg, List.of(d)));
        }
        for (Process p : ps) {
            finish(p, aet);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Process storescu(int port, String aet, Path cfg, List<Path> dirs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aec", aet, "+sd", "-xf", cfg.toString(), "Default",
                "127.0.0.1", Integer.toString(port)));
        dirs.forEach(d -> cmd.add(d.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    private static void finish(Process p, String aet) throws Exception {
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("storescu to " + aet + " failed: " + output);
        }
    }

    static int count(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return (int) s.filter(f -> f.toString().endsWith(".dcm")).count();
        }
    }

    static void clear(Path dir) throws IOException {
        DimseBenchmark.delete(dir);
        Files.createDirectories(dir);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
