package org.dmask.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FaceAnalyzers;
import org.dmask.face.FaceDetector;
import org.dmask.face.FrameAnalysis;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelSettings;
import org.dmask.video.FileVideoSource;
import org.dmask.video.VideoFrame;

/**
 * Face analysis speed at 640x480, by stage: decoding, tracking (468 landmarks; the detector only when the track is
 * lost), both eyes (iris model twice), pose fit and signals; plus the detector on its own, as it runs on the first
 * frame and after a loss. A benchmark, not a test: run it with {@code tools/bench/bench-face.sh}.
 *
 * <p>usage: {@code FaceBenchmark [--threads N] [--reps N] MODELS_DIR MEDIA_DIR} (the asl_*.mkv clips, 640x480)
 */
public final class FaceBenchmark {

    public static void main(String[] args) throws Exception {
        int threads = 2, reps = 2;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.size() != 2) {
            System.err.println("usage: FaceBenchmark [--threads N] [--reps N] MODELS_DIR MEDIA_DIR");
            System.exit(2);
        }
        List<Path> clips;
        try (Stream<Path> s = Files.list(dirs.get(1))) {
            clips = s.filter(p -> p.getFileName().toString().matches("asl_.*\\.mkv")).sorted().toList();
        }
        List<List<BgrImage>> decoded = new ArrayList<>();
        long decodeNanos = 0;
        int frames = 0;
        for (Path clip : clips) {
            long t0 = System.nanoTime();
            List<BgrImage> f = new ArrayList<>();
            try (FileVideoSource in = FileVideoSource.open(clip)) {
                VideoFrame frame = new VideoFrame(in.format().width(), in.format().height());
                while (in.read(frame)) {
                    f.add(new BgrImage(frame.width(), frame.height(), frame.bgr().clone()));
                }
            }
            decodeNanos += System.nanoTime() - t0;
            frames += f.size();
            decoded.add(f);
        }
        System.out.printf(Locale.ROOT, "clips: %d (%s), %d frames of %dx%d; ONNX Runtime intra-op threads %d%n",
                clips.size(), dirs.get(1), frames, decoded.get(0).get(0).width(), decoded.get(0).get(0).height(),
                threads);
        System.out.printf(Locale.ROOT, "decode (JavaCV/FFmpeg, H.264 to BGR): %.2f ms/frame%n",
                decodeNanos / 1e6 / frames);

        try (ModelRegistry models = new ModelRegistry(new ModelSettings(List.of(dirs.get(0)), threads, 1, "cpu"))) {
            var mesh = FaceAnalyzers.loadMesh(models);
            // Warm-up: one clip, so JIT and ONNX Runtime's first-run allocations are not counted.
            FaceAnalyzer warm = FaceAnalyzers.create(models, 0.5, 0.6, true, mesh);
            for (BgrImage b : decoded.get(0)) {
                warm.analyze(b, 0);
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long track = 0, eyes = 0, pose = 0, total = 0;
            int detections = 0, n = 0;
            for (int r = 0; r < reps; r++) {
                for (List<BgrImage> clip : decoded) {
                    FaceAnalyzer a = FaceAnalyzers.create(models, 0.5, 0.6, true, mesh);
                    for (int i = 0; i < clip.size(); i++) {
                        long t0 = System.nanoTime();
                        FrameAnalysis f = a.analyze(clip.get(i), i / 30.0);
                        total += System.nanoTime() - t0;
                        FaceAnalyzer.StageTimes st = a.lastStageTimes();
                        track += st.track();
                        eyes += st.eyes();
                        pose += st.poseAndSignals();
                        detections += f.detected() ? 1 : 0;
                        n++;
                    }
                }
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            FaceDetector detector = new FaceDetector(models.session(FaceDetector.MODEL));
            long det = 0;
            int dn = 0;
            for (List<BgrImage> clip : decoded) {
                for (int i = 0; i < clip.size(); i += 5) {
                    long t0 = System.nanoTime();
                    detector.detect(clip.get(i));
                    det += System.nanoTime() - t0;
                    dn++;
                }
            }
            System.out.printf(Locale.ROOT, "analysed %d frames (%d repetitions), detector ran on %d of them%n", n, reps,
                    detections);
            System.out.printf(Locale.ROOT, "tracking (crop + 468 landmarks, detector when lost): %.2f ms/frame%n",
                    track / 1e6 / n);
            System.out.printf(Locale.ROOT, "eyes (2 x crop + iris model):                      %.2f ms/frame%n",
                    eyes / 1e6 / n);
            System.out.printf(Locale.ROOT, "pose fit + signals:                                 %.2f ms/frame%n",
                    pose / 1e6 / n);
            System.out.printf(Locale.ROOT, "analysis total: %.2f ms/frame = %.1f frames/s (decode excluded);"
                    + " with decode %.1f frames/s%n", total / 1e6 / n, n / (total / 1e9),
                    1e3 / (total / 1e6 / n + decodeNanos / 1e6 / frames));
            // CPU time does not grow when other processes compete for the cores, wall time does: both are shown.
            System.out.printf(Locale.ROOT, "process CPU time during the analysis: %.2f ms/frame (all threads)%n",
                    cpu / 1e6 / n);
            System.out.printf(Locale.ROOT, "detector alone (BlazeFace full range, letterboxed to 192x192): %.2f ms/frame over %d"
                    + " frames%n", det / 1e6 / dn, dn);
        }
    }
}
