package org.dmask.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.dmask.face.BgrImage;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FaceDetection;
import org.dmask.face.FaceDetector;
import org.dmask.face.FrameAnalysis;
import org.dmask.mask.eye.EyeLimits;
import org.dmask.video.FileVideoSource;
import org.dmask.video.VideoFrame;

/**
 * Runs every masker over the labelled clips: masks each clip, analyses the masked clip and compares its eye
 * signals with the original's (fidelity), and embeds sampled frames for the re-identification attacks (privacy).
 */
public final class Evaluation {

    /**
     * One clip under one masker: per-eye fidelity and timing.
     *
     * @param eyeLimits how often the eyes were drawn at the generic eye's limit; null for the baselines
     */
    public record ClipFidelity(String clip, String method, EyeFidelity right, EyeFidelity left, int frames,
            double maskMsPerFrame, double analyseMsPerFrame, double trackedFraction, EyeLimits eyeLimits) {
    }

    /** Signals of one clip, original and per masker, for the plots; and example frames. */
    public record ClipSignals(String clip, double fps, EyeSeries original, Map<String, EyeSeries> masked,
            BgrImage originalFrame, Map<String, BgrImage> maskedFrames) {
    }

    public record Result(List<ClipFidelity> fidelity, List<Privacy.Result> privacy, double differentPersonMean,
            int embedFallbacks, int embedded, List<ClipSignals> signals, Map<String, String> paths,
            double decodeMsPerFrame, Map<String, Map<String, Double>> stages) {
    }

    /** The reference row: the attacks on unmasked frames, showing what the embedding can do at all. */
    public static final String UNMASKED = "none (original)";

    private final FaceDetector detector;
    private final FaceEmbedder embedder;
    private final Supplier<FaceAnalyzer> analyzers;
    private final PrintStream progress;

    public Evaluation(FaceDetector detector, FaceEmbedder embedder, Supplier<FaceAnalyzer> analyzers,
            PrintStream progress) {
        this.detector = detector;
        this.embedder = embedder;
        this.analyzers = analyzers;
        this.progress = progress;
    }

    /**
     * @param maxFrames      frames per clip from the start (0: all)
     * @param privacySamples frames per clip embedded for the attacks, spread over the frames used
     */
    public Result run(List<LabelledClip> clips, List<ClipMasker> maskers, int maxFrames, int privacySamples)
            throws IOException {
        List<ClipFidelity> fidelity = new ArrayList<>();
        List<Privacy.Sample> samples = new ArrayList<>();
        List<ClipSignals> signals = new ArrayList<>();
        Map<String, String> paths = new LinkedHashMap<>();
        int fallbacks = 0, embedded = 0;
        long decodeNanos = 0, decoded = 0;
        for (LabelledClip clip : clips) {
            long t0 = System.nanoTime();
            List<BgrImage> frames = new ArrayList<>();
            double fps;
            try (FileVideoSource in = FileVideoSource.open(clip.file())) {
                fps = in.format().frameRate().fps();
                VideoFrame frame = new VideoFrame(in.format().width(), in.format().height());
                while ((maxFrames <= 0 || frames.size() < maxFrames) && in.read(frame)) {
                    frames.add(FrameSampler.image(frame));
                }
            }
            if (frames.isEmpty()) {
                throw new IOException(clip.file() + ": no frames");
            }
            decodeNanos += System.nanoTime() - t0;
            decoded += frames.size();
            List<FaceDetection> faces = new ArrayList<>();
            for (BgrImage f : frames) {
                List<FaceDetection> found = detector.detect(f);
                faces.add(found.isEmpty() ? null : found.get(0));
            }
            ClipAnalysis original = analyse(frames, fps);
            EyeSeries origRight = EyeSeries.of(original, true), origLeft = EyeSeries.of(original, false);
            List<FrameSampler.Sampled> picked = FrameSampler.spread(frames, privacySamples);
            Map<Integer, Map<String, float[]>> maskedEmbeddings = new LinkedHashMap<>();
            Map<String, EyeSeries> maskedSeries = new LinkedHashMap<>();
            Map<String, BgrImage> maskedExample = new LinkedHashMap<>();
            int exampleIndex = picked.get(picked.size() / 2).index();
            for (ClipMasker masker : maskers) {
                progress.printf(Locale.ROOT, "dmask evaluate: %s, %d frames: %s%n", clip.name(), frames.size(),
                        masker.name());
                long m0 = System.nanoTime();
                List<BgrImage> masked = masker.mask(clip, frames, fps, faces);
                long m1 = System.nanoTime();
                if (masked.size() != frames.size()) {
                    throw new IllegalStateException(masker.name() + " returned " + masked.size() + " frames for "
                            + frames.size());
                }
                paths.put(masker.name(), masker.path());
                ClipAnalysis analysed = analyse(masked, fps);
                long m2 = System.nanoTime();
                EyeSeries r = EyeSeries.of(analysed, true), l = EyeSeries.of(analysed, false);
                maskedSeries.put(masker.name(), r);
                maskedExample.put(masker.name(), masked.get(exampleIndex));
                fidelity.add(new ClipFidelity(clip.name(), masker.name(),
                        EyeFidelity.compare(origRight, r, fps, Signals.Line.IDENTITY),
                        EyeFidelity.compare(origLeft, l, fps, Signals.Line.IDENTITY), frames.size(),
                        (m1 - m0) / 1e6 / frames.size(), (m2 - m1) / 1e6 / frames.size(),
                        analysed.summary().trackedFraction(), masker.lastEyeLimits()));
                for (FrameSampler.Sampled s : picked) {
                    if (faces.get(s.index()) == null) {
                        continue;
                    }
                    BgrImage m = masked.get(s.index());
                    List<FaceDetection> found = detector.detect(m);
                    // No face found by the detector in the masked frame: embed it anyway, at the five points the
                    // landmark tracker found on that masked frame (where the avatar's face is), else at the
                    // original face's keypoints; counted as a fallback either way.
                    double[] kps = found.isEmpty() ? fallbackKeypoints(analysed.frames().get(s.index()),
                            faces.get(s.index()).keypoints()) : found.get(0).keypoints();
                    fallbacks += found.isEmpty() ? 1 : 0;
                    embedded++;
                    maskedEmbeddings.computeIfAbsent(s.index(), k -> new LinkedHashMap<>())
                            .put(masker.name(), embedder.embed(m, kps));
                }
            }
            for (FrameSampler.Sampled s : picked) {
                if (faces.get(s.index()) != null) {
                    float[] unmasked = embedder.embed(s.image(), faces.get(s.index()).keypoints());
                    Map<String, float[]> masked = maskedEmbeddings.computeIfAbsent(s.index(),
                            k -> new LinkedHashMap<>());
                    masked.put(UNMASKED, unmasked);
                    samples.add(new Privacy.Sample(clip, s.index(), unmasked, masked));
                }
            }
            signals.add(new ClipSignals(clip.name(), fps, origRight, maskedSeries, frames.get(exampleIndex),
                    maskedExample));
        }
        List<Privacy.Result> privacy = new ArrayList<>();
        privacy.add(Privacy.evaluate(UNMASKED, samples));
        for (ClipMasker masker : maskers) {
            privacy.add(Privacy.evaluate(masker.name(), samples));
        }
        Map<String, Map<String, Double>> stages = new LinkedHashMap<>();
        for (ClipMasker masker : maskers) {
            if (!masker.stageMsPerFrame().isEmpty()) {
                stages.put(masker.name(), masker.stageMsPerFrame());
            }
            paths.put(masker.name(), masker.path());
        }
        return new Result(fidelity, privacy, Privacy.differentPersonMean(samples), fallbacks, embedded, signals, paths,
                decodeNanos / 1e6 / Math.max(1, decoded), stages);
    }

    /**
     * The detector's alignment points (two eye centres left to right in the image, nose tip, mouth centre) from the
     * tracker's landmarks on a masked frame: the midpoints of each eye's corners (33/133, 362/263), nose tip 1, and
     * the midpoint of the mouth corners 61 and 291.
     */
    static double[] fallbackKeypoints(FrameAnalysis masked, double[] original) {
        if (masked == null || !masked.tracked() || masked.landmarks() == null) {
            return original;
        }
        org.dmask.face.FaceLandmarks lm = masked.landmarks();
        double[] right = midpoint(lm, 33, 133), left = midpoint(lm, 362, 263);
        double[] first = right[0] <= left[0] ? right : left, second = first == right ? left : right;
        double[] mouth = midpoint(lm, 61, 291);
        return new double[] {first[0], first[1], second[0], second[1], lm.x(1), lm.y(1), mouth[0], mouth[1]};
    }

    private static double[] midpoint(org.dmask.face.FaceLandmarks lm, int a, int b) {
        return new double[] {(lm.x(a) + lm.x(b)) / 2, (lm.y(a) + lm.y(b)) / 2};
    }

    private ClipAnalysis analyse(List<BgrImage> frames, double fps) {
        FaceAnalyzer analyzer = analyzers.get();
        List<FrameAnalysis> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            out.add(analyzer.analyze(frames.get(i), i / fps));
        }
        return new ClipAnalysis(out, fps);
    }
}
