package org.dmask.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.Pose;
import org.dmask.mask.gl.RenderSettings;

/**
 * Avatar render + read-back throughput: frames per second at 640×480 and 1280×720 with 1 and 2 worker threads,
 * each with its own EGL context and renderer. Motion is scripted (head sway, nystagmus, blinks) so every frame
 * differs. CPU ms/frame is the process's CPU time (the rasteriser's threads included) over the frames: on a
 * shared machine it says more than wall time. A benchmark, not a test: run it with {@code tools/bench/bench-render.sh}.
 *
 * <p>usage: {@code RenderBenchmark [--frames N] [--warmup N] CANONICAL_OBJ}
 */
public final class RenderBenchmark {

    private static long sink;

    public static void main(String[] args) throws Exception {
        int frames = 300;
        int warmup = 30;
        Path obj = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> obj = Path.of(args[i]);
            }
        }
        if (obj == null) {
            System.err.println("usage: RenderBenchmark [--frames N] [--warmup N] CANONICAL_OBJ");
            System.exit(2);
        }
        AvatarMesh mesh = AvatarMesh.load(obj);
        System.out.println("| frame size | workers | frames | seconds | frames/s | CPU ms/frame | path, GL renderer |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            for (int workers : new int[] {1, 2}) {
                run(mesh, size[0], size[1], workers, frames, warmup);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void run(AvatarMesh mesh, int width, int height, int workers, int framesPerWorker, int warmup)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(workers + 1);
        CyclicBarrier end = new CyclicBarrier(workers + 1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<String>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            results.add(pool.submit(() -> {
                try (AvatarRenderer renderer = new AvatarRenderer(mesh, RenderSettings.DEFAULT)) {
                    renderAll(renderer, width, height, warmup);
                    start.await();
                    renderAll(renderer, width, height, framesPerWorker);
                    end.await();
                    return renderer.path() + ", " + renderer.glRenderer();
                }
            }));
        }
        start.await();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        end.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMillis = (processCpuNanos() - cpu0) / 1e6;
        String path = results.get(0).get();
        pool.shutdown();
        int total = framesPerWorker * workers;
        System.out.printf(Locale.ROOT, "| %d×%d | %d | %d | %.2f | %.1f | %.1f | %s |%n", width, height, workers,
                total, seconds, total / seconds, cpuMillis / total, path);
    }

    /** CPU time of the whole process, llvmpipe's rasteriser threads included; less disturbed by other load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void renderAll(AvatarRenderer renderer, int width, int height, int frames) {
        float scale = 0.75f * height / 17.7f;
        for (int i = 0; i < frames; i++) {
            double t = i / 30.0;
            Pose pose = Pose.fromAngles(scale, (float) (15 * Math.sin(0.7 * t)), (float) (5 * Math.sin(0.4 * t)),
                    (float) (4 * Math.sin(0.3 * t)), width / 2f, height / 2f);
            float yaw = (float) (12 * Math.sin(2 * Math.PI * 4 * t));
            float lid = i % 45 < 4 ? 0 : 0.7f; // a blink every 1.5 s
            EyeMotion eye = new EyeMotion(yaw, 0, lid, lid > 0 ? 0.85f : 0);
            renderer.submit(AvatarFrame.of(width, height, pose, eye, eye))
                    .ifPresent(frame -> sink += frame.rgb()[frame.rgb().length / 2]);
        }
        renderer.flush().ifPresent(frame -> sink += frame.rgb()[0]);
    }
}
