package org.dmask.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewaySettings;
import org.dmask.route.cluster.ClusterHarness;
import org.dmask.route.cluster.ClusterRole;
import org.dmask.route.cluster.FileObjectStore;
import org.dmask.testing.KafkaBroker;

/**
 * Jobs per second for tags-only work (Basic Profile, no mask) through Kafka against the embedded job store, in one
 * run: DCMTK storescu sends N small CT instances to a gateway, which de-identifies them and sends them to DCMTK
 * storescp; the clock runs from the first C-STORE until storescp holds the last object and the node holds no job.
 * Three set-ups, each after a warm-up of 200 instances: the single node (embedded job store); one node with
 * {@code jobs=kafka} and role {@code both}; an ingest node and a worker node (two gateways in this JVM) with Kafka.
 * The broker (KRaft, one node) runs in its own JVM on this host. A benchmark, not a test: run it with
 * {@code tools/bench/bench-cluster.sh}.
 *
 * <p>usage: {@code ClusterBenchmark [--instances N] [--workers W] CT_FILE WORK_DIR}
 */
public final class ClusterBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    public static void main(String[] args) throws Exception {
        int instances = 1000;
        int workers = 4;
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        Path ct = Path.of(rest.get(0));
        Path work = Path.of(rest.get(1)).toAbsolutePath();
        DimseBenchmark.delete(work);
        Path small = Files.createDirectories(work.resolve("small"));
        Path warm = Files.createDirectories(work.resolve("warmup"));
        DimseBenchmark.makeInstances(ct, small, instances, "2.25.9001");
        DimseBenchmark.makeInstances(ct, warm, 200, "2.25.9002");
        Path cfg = DimseBenchmark.writeConfig(work.resolve("storescu.cfg"));
        int port = DimseBenchmark.freePort();
        Path out = Files.createDirectories(work.resolve("storescp-out"));
        Path rules = work.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: tags-only
                    deid: basic
                    mask: off
                    targets: [dcmtk]
                """.formatted(port));
        ProcessBuilder pb = new ProcessBuilder("storescp", "-aet", "DCMTK", "+xa", "-od", out.toString(), "-fe",
                ".dcm", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process storescp = pb.start();
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"))) {
            DimseBenchmark.waitForPort(port);
            GatewaySettings embedded = GatewayHarness.settings(work.resolve("embedded"), rules,
                    ClusterHarness.scpUri(work.resolve("embedded")));
            embedded = new GatewaySettings(embedded.workDirectory(), rules, embedded.dicomUri(),
                    embedded.spoolDirectory(), null, embedded.backoff(), workers, 200, 60_000);
            double single;
            try (ClusterHarness h = ClusterHarness.start(embedded, null)) {
                single = run(h, h, null, cfg, warm, small, out, instances);
            }
            double both;
            Path objects1 = work.resolve("objects-both");
            try (ClusterHarness h = ClusterHarness.start(work.resolve("both"), rules, ClusterRole.BOTH,
                    broker.bootstrapServers(), "bench1.", objects1, workers)) {
                both = run(h, h, objects1, cfg, warm, small, out, instances);
            }
            double split;
            Path objects2 = work.resolve("objects-split");
            try (ClusterHarness i = ClusterHarness.start(work.resolve("ingest"), rules, ClusterRole.INGEST,
                    broker.bootstrapServers(), "bench2.", objects2, workers);
                    ClusterHarness w = ClusterHarness.start(work.resolve("worker"), rules, ClusterRole.WORKER,
                            broker.bootstrapServers(), "bench2.", objects2, workers)) {
                split = run(i, w, objects2, cfg, warm, small, out, instances);
            }
            System.out.printf(Locale.ROOT, "tags-only jobs: %d x %d bytes, %d delivery threads (per kind)%n",
                    instances, Files.size(small.resolve("i00000.dcm")), workers);
            System.out.printf(Locale.ROOT, "  embedded job store (one node):   %.3f s  %.0f jobs/s%n", single,
                    instances / single);
            System.out.printf(Locale.ROOT, "  Kafka, one node (role both):      %.3f s  %.0f jobs/s  ratio %.2f%n",
                    both, instances / both, single / both);
            System.out.printf(Locale.ROOT, "  Kafka, ingest + worker node:     %.3f s  %.0f jobs/s  ratio %.2f%n",
                    split, instances / split, single / split);
        } finally {
            storescp.destroy();
            storescp.waitFor();
            DimseBenchmark.delete(work);
        }
    }

    /** Warm-up, then the measured run: seconds from the first C-STORE until all arrived and nothing is left. */
    private static double run(ClusterHarness ingest, ClusterHarness worker, Path objects, Path cfg, Path warm,
            Path small, Path out, int instances) throws Exception {
        int scp = ingest.gateway().scp().port();
        DimseBenchmark.send(scp, "DMASK", cfg, warm);
        await(() -> count(out) >= 200 && idle(worker, objects), "warm-up delivered");
        clear(out);
        long t0 = System.nanoTime();
        DimseBenchmark.send(scp, "DMASK", cfg, small);
        await(() -> count(out) >= instances && idle(worker, objects), "all delivered");
        double s = (System.nanoTime() - t0) / 1e9;
        if (count(out) != instances) {
            throw new IllegalStateException("storescp holds " + count(out) + " of " + instances);
        }
        clear(out);
        return s;
    }

    private static boolean idle(ClusterHarness worker, Path objects) {
        if (worker.gateway().store().pending() != 0) {
            return false;
        }
        try {
            return objects == null || new FileObjectStore(objects).keys().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int count(Path dir) {
        try (var s = Files.list(dir)) {
            return (int) s.filter(f -> f.toString().endsWith(".dcm")).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void clear(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
