package org.dmask.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * The re-identification attacks on one data set, without the fidelity analysis (the identity test across
     * occasions: photos made into clips).
     *
     * @param clips    clips evaluated; {@code people}: the people among them
     * @param examples per clip, a frame from the middle of the sampled ones: original and per masker
     */
    public record PrivacySet(List<Privacy.Result> privacy, double differentPersonMean, int embedFallbacks,
            int embedded, int clips, int people, List<Example> examples) {
    }

    /** One clip's example frame, original and masked by each masker. */
    public record Example(String clip, String person, BgrImage original, Map<String, BgrImage> masked) {
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
                    fallbacks += embedMasked(masked.get(s.index()), faces.get(s.index()), false,
                            () -> analysed.frames().get(s.index()), masker.name(),
                            maskedEmbeddings.computeIfAbsent(s.index(), k -> new LinkedHashMap<>()));
                    embedded++;
                }
            }
            addSamples(clip, picked, faces, maskedEmbeddings, samples);
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
     * The attacks alone on clips made from photos ({@link PhotoClip}): each photo becomes a clip of {@code frames}
     * frames under {@link PhotoClip.Motion#SLOW}, every masker masks it, and {@code samplesPerClip} frames of each are
     * embedded. The photo's subject is its largest face; in a masked frame, the face found nearest to where the
     * subject was (else, as in {@link #run}, the five points the tracker finds there, else the subject's own).
     *
     * @param photos one labelled photo per occasion ({@link IdentityLabels#photos})
     * @param work   where the clips are written (and deleted after)
     */
    public PrivacySet photos(List<LabelledClip> photos, List<ClipMasker> maskers, Path work, int frames,
            int samplesPerClip) throws IOException {
        List<Privacy.Sample> samples = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        int fallbacks = 0, embedded = 0;
        Files.createDirectories(work);
        for (LabelledClip photo : photos) {
            Path file = work.resolve(photo.name() + "-clip.mp4");
            LabelledClip clip = new LabelledClip(photo.name(), file, photo.person());
            try {
                PhotoClip.write(photo.file(), file, PHOTO_CLIP_WIDTH, PHOTO_CLIP_HEIGHT, frames, PHOTO_CLIP_RATE,
                        PhotoClip.Motion.SLOW);
                List<BgrImage> originals = FrameSampler.all(file);
                List<FaceDetection> faces = new ArrayList<>();
                for (BgrImage f : originals) {
                    faces.add(largest(detector.detect(f)));
                }
                List<FrameSampler.Sampled> picked = FrameSampler.spread(originals, samplesPerClip);
                int exampleIndex = picked.get(picked.size() / 2).index();
                Map<Integer, Map<String, float[]>> maskedEmbeddings = new LinkedHashMap<>();
                Map<String, BgrImage> maskedExample = new LinkedHashMap<>();
                for (ClipMasker masker : maskers) {
                    progress.printf(Locale.ROOT, "dmask evaluate: identities, %s, %d frames: %s%n", clip.name(),
                            originals.size(), masker.name());
                    List<BgrImage> masked = masker.mask(clip, originals, PHOTO_CLIP_RATE.fps(), faces);
                    if (masked.size() != originals.size()) {
                        throw new IllegalStateException(masker.name() + " returned " + masked.size()
                                + " frames for " + originals.size());
                    }
                    maskedExample.put(masker.name(), masked.get(exampleIndex));
                    for (FrameSampler.Sampled s : picked) {
                        if (faces.get(s.index()) == null) {
                            continue;
                        }
                        BgrImage m = masked.get(s.index());
                        fallbacks += embedMasked(m, faces.get(s.index()), true, () -> analyzers.get().analyze(m, 0),
                                masker.name(), maskedEmbeddings.computeIfAbsent(s.index(), k -> new LinkedHashMap<>()));
                        embedded++;
                    }
                }
                addSamples(clip, picked, faces, maskedEmbeddings, samples);
                examples.add(new Example(clip.name(), clip.person(), originals.get(exampleIndex), maskedExample));
            } finally {
                Files.deleteIfExists(file);
            }
        }
        List<Privacy.Result> privacy = new ArrayList<>();
        privacy.add(Privacy.evaluate(UNMASKED, samples, Privacy.Chance.GALLERY_SHARE));
        for (ClipMasker masker : maskers) {
            privacy.add(Privacy.evaluate(masker.name(), samples, Privacy.Chance.GALLERY_SHARE));
        }
        return new PrivacySet(privacy, samples.size() < 2 ? Double.NaN : Privacy.differentPersonMean(samples),
                fallbacks, embedded, photos.size(),
                (int) photos.stream().map(LabelledClip::person).distinct().count(), examples);
    }

    /** The frame the photo clips fit in (their own aspect, so a portrait photo gives a narrow frame), and rate. */
    public static final int PHOTO_CLIP_WIDTH = 960, PHOTO_CLIP_HEIGHT = 720;
    public static final org.dmask.video.FrameRate PHOTO_CLIP_RATE = new org.dmask.video.FrameRate(30, 1);

    /**
     * Embeds a masked frame into {@code into} under {@code method}; returns 1 where no face was found in it. A face
     * the detector finds there is embedded at its keypoints (the first found, or with {@code nearest} the one whose
     * centre is nearest the original face's). Where none is found, it is embedded anyway, at the five points the
     * landmark tracker finds on that masked frame (where the avatar's face is), else at the original face's
     * keypoints: the mask is drawn where the face was, so this is the stronger attack.
     */
    private int embedMasked(BgrImage masked, FaceDetection original, boolean nearest,
            Supplier<FrameAnalysis> analysed, String method, Map<String, float[]> into) {
        List<FaceDetection> found = detector.detect(masked);
        double[] kps;
        if (found.isEmpty()) {
            kps = fallbackKeypoints(analysed.get(), original.keypoints());
        } else {
            kps = (nearest ? nearestTo(found, original) : found.get(0)).keypoints();
        }
        into.put(method, embedder.embed(masked, kps));
        return found.isEmpty() ? 1 : 0;
    }

    /** The samples of one clip: each picked frame with a face, its original embedding and its masked ones. */
    private void addSamples(LabelledClip clip, List<FrameSampler.Sampled> picked, List<FaceDetection> faces,
            Map<Integer, Map<String, float[]>> maskedEmbeddings, List<Privacy.Sample> samples) {
        for (FrameSampler.Sampled s : picked) {
            if (faces.get(s.index()) != null) {
                float[] unmasked = embedder.embed(s.image(), faces.get(s.index()).keypoints());
                Map<String, float[]> masked = maskedEmbeddings.computeIfAbsent(s.index(), k -> new LinkedHashMap<>());
                masked.put(UNMASKED, unmasked);
                samples.add(new Privacy.Sample(clip, s.index(), unmasked, masked));
            }
        }
    }

    /** The largest face (the photo's subject), or null for none. */
    static FaceDetection largest(List<FaceDetection> found) {
        return found.stream().max(java.util.Comparator.comparingDouble(d -> d.width() * d.height())).orElse(null);
    }

    private static FaceDetection nearestTo(List<FaceDetection> found, FaceDetection to) {
        return found.stream().min(java.util.Comparator.comparingDouble(d -> Math.hypot(d.cx() - to.cx(),
                d.cy() - to.cy()))).orElseThrow();
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
