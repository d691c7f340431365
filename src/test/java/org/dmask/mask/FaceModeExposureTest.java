package org.dmask.mask;

import org.dmask.mask.avatar.AvatarStyle;
import org.dmask.mask.pipeline.FaceOval;
import org.dmask.mask.pipeline.HeadCover;
import org.dmask.mask.pipeline.MaskPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmask.eval.FaceEmbedder;
import org.dmask.eval.PhotoClip;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;
import org.dmask.face.FaceDetector;
import org.dmask.testing.Peers;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelSettings;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.dmask.video.FileVideoSource;
import org.dmask.video.FrameSource;
import org.dmask.video.FrameRate;
import org.dmask.video.VideoFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 26, "what must be shown", reduced: in {@code face} mode no face that the evaluation recognizer finds in an
 * original frame matches any face it finds in the masked frame.
 *
 * <p>Threshold {@value #MATCH}, where MODELS.md puts the model's operating point: two different people reached at
 * most 0.42 (231 pairs, mean 0.08), the same face against its mirror 0.90 or more, and the genuine pairs of the group
 * clips themselves (each face against itself a few frames on) have medians of 0.93–0.97 (one face looking down
 * reached only 0.41). A cosine below 0.5 is one that at most one genuine pair in ten gives. The avatar's own face is compared too and lands in the impostor range (0.40 at worst on the stage
 * video), so a threshold at the impostor maximum would be balanced on an edge. So that the test cannot pass by a
 * recognizer that matches nothing, it also measures the clip's genuine pairs and requires nine in ten of them at or
 * above the threshold.
 */
@SlowTest
class FaceModeExposureTest {

    static final double MATCH = 0.5;
    /** Frames checked: every {@value #STRIDE}th, off the re-detection frames (the pipeline detects on multiples of 5). */
    static final int STRIDE = 5;
    static final int OFFSET = 2;

    private static ModelRegistry registry;
    private static FaceDetector detector;
    private static FaceEmbedder embedder;

    @BeforeAll
    static void models() {
        registry = new ModelRegistry(new ModelSettings(List.of(InstallTestSupport.installedModels()), 1, 1, "cpu",
                Optional.of(Peers.shared("models/eval"))));
        // As sensitive as the pipeline's cover: every face the mask should have covered is looked for.
        detector = new FaceDetector(registry.session(FaceDetector.MODEL), MaskPipeline.DEFAULT_COVER_MIN_SCORE, 0.3);
        embedder = FaceEmbedder.load(registry);
    }

    /** A face found in a frame: its box and its embedding. */
    private record Face(int frame, FaceDetection detection, float[] embedding) {
    }

    /** What the check found on one clip. */
    private record Exposure(int frames, int originalFaces, int maskedFaces, double worst, String worstAt,
            double[] genuine, long multiFaceFrames) {
        String describe(String clip) {
            double[] g = genuine.clone();
            Arrays.sort(g);
            return String.format(Locale.ROOT, "%s: %d frames checked, %d original faces, %d faces in the masked frames,"
                    + " highest cosine original→masked %.3f (%s); genuine pairs in the original n=%d, min %.3f,"
                    + " median %.3f", clip, frames, originalFaces, maskedFaces, worst, worstAt, g.length,
                    g.length == 0 ? Double.NaN : g[0], g.length == 0 ? Double.NaN : g[g.length / 2]);
        }
    }

    @Test
    void theStageVideoShowsNoFaceAfterMasking(@TempDir Path dir) throws IOException {
        Path in = Peers.shared("media/identities/short_hamilton_clip.mp4");
        Path out = dir.resolve("hamilton-face.mp4");
        MaskPipeline.Result r = MaskTestSupport.pipeline(1.0).maskVideoFile(in, out, MaskMode.FACE, MaskProgress.NONE);
        System.out.println(r.summary());
        Exposure e = exposure(in, out);
        System.out.println(e.describe("short_hamilton_clip"));
        assertEquals(3, r.faces().sceneCuts(), r.summary());
        assertTrue(r.faces().faces() > 1 && r.faces().multiFaceFrames() > 0, r.summary());
        assertTrue(r.faces().regionsObscured() > 0, r.summary());
        assertTrue(e.originalFaces() > 0, e.describe("hamilton"));
        assertTrue(e.worst() < MATCH, e.describe("hamilton"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"faceapi_sample1.jpg", "faceapi_sample2.jpg", "faceapi_sample3.jpg"})
    void aGroupPhotoUnderASlowPanAndZoomShowsNoFaceAfterMasking(String photo, @TempDir Path dir) throws IOException {
        Path in = dir.resolve("group.mp4");
        // 60 frames at 25 fps, 960 px wide: a 2% a second zoom and a slow pan to the right, no roll (the clips of
        // the evaluation's identity test are made the same way).
        PhotoClip.write(Peers.shared("media/" + photo), in, 960, 720, 60, new FrameRate(25, 1),
                new PhotoClip.Motion(0.02, 0.026, 0));
        Path out = dir.resolve("group-face.mp4");
        MaskPipeline.Result r = MaskTestSupport.pipeline(1.0).maskVideoFile(in, out, MaskMode.FACE, MaskProgress.NONE);
        System.out.println(r.summary());
        Exposure e = exposure(in, out);
        System.out.println(e.describe(photo + " pan/zoom"));
        assertEquals(0, r.faces().sceneCuts(), r.summary());
        assertEquals(r.frames(), r.faces().multiFaceFrames(), r.summary());
        assertTrue(e.originalFaces() >= 2 * e.frames(), e.describe(photo));
        assertTrue(e.genuine().length > 0 && shareAbove(e.genuine(), MATCH) >= 0.9, e.describe(photo));
        assertTrue(e.worst() < MATCH, e.describe(photo));
    }

    /**
     * The avatar is never drawn where no face is after a cut: in the frames just after each of the stage video's
     * three cuts, every pixel the mask changed lies in the head region of a face found in the original frame (or the
     * frame is the whole neutral frame, failed closed).
     */
    @Test
    void afterEachCutTheAvatarIsDrawnOnlyWhereAFaceIs(@TempDir Path dir) throws IOException {
        Path in = Peers.shared("media/identities/short_hamilton_clip.mp4");
        MaskPipeline pipeline = MaskTestSupport.pipeline(1.0);
        Path out = dir.resolve("cuts.mp4");
        pipeline.maskVideoFile(in, out, MaskMode.FACE, MaskProgress.NONE);
        List<Integer> frames = new ArrayList<>();
        for (int cut : new int[] {20, 82, 211}) {
            for (int i = 0; i < 5; i++) {
                frames.add(cut + i);
            }
        }
        long[] withCuts = strayPixels(in, out, frames);
        System.out.printf("changed pixels away from every face, frames after the cuts %s: %s%n", frames,
                Arrays.toString(withCuts));
        for (int k = 0; k < frames.size(); k++) {
            assertEquals(0, withCuts[k], "frame " + frames.get(k) + ": " + Arrays.toString(withCuts));
        }
    }

    /**
     * Per frame: the pixels the mask changed (a channel by more than 60) outside 1.4 times the head region of every
     * face the detector finds in the original at a low score (0.3); 0 for a frame that is all neutral. (The
     * patient's oval and its feather band reach past the box-based head region on a turned face.)
     */
    private static long[] strayPixels(Path original, Path masked, List<Integer> frames) throws IOException {
        FaceDetector sensitive = new FaceDetector(registry.session(FaceDetector.MODEL), 0.3, 0.3);
        List<BgrImage> o = pick(original, frames), m = pick(masked, frames);
        int[] neutral = AvatarStyle.NEUTRAL.background();
        long[] out = new long[frames.size()];
        for (int k = 0; k < frames.size(); k++) {
            BgrImage a = o.get(k), b = m.get(k);
            List<FaceOval> heads = new ArrayList<>();
            for (FaceDetection d : sensitive.detect(a)) {
                FaceOval h = HeadCover.region(d);
                if (h != null) {
                    heads.add(new FaceOval(h.centreX(), h.centreY(), h.radiusX() * 1.4f, h.radiusY() * 1.4f,
                            h.rotationDegrees()));
                }
            }
            long stray = 0, grey = 0;
            byte[] pa = a.bgr(), pb = b.bgr();
            for (int y = 0; y < a.height(); y++) {
                for (int x = 0; x < a.width(); x++) {
                    int i = (y * a.width() + x) * 3;
                    int diff = 0;
                    boolean isNeutral = true;
                    for (int c = 0; c < 3; c++) {
                        diff = Math.max(diff, Math.abs((pa[i + c] & 0xff) - (pb[i + c] & 0xff)));
                        isNeutral &= Math.abs((pb[i + c] & 0xff) - neutral[2 - c]) <= 8;
                    }
                    grey += isNeutral ? 1 : 0;
                    if (diff > 60 && !inside(heads, x + 0.5, y + 0.5)) {
                        stray++;
                    }
                }
            }
            out[k] = grey > 0.98 * a.width() * a.height() ? 0 : stray;
        }
        return out;
    }

    private static boolean inside(List<FaceOval> regions, double x, double y) {
        for (FaceOval r : regions) {
            if (r.normalisedRadius(x, y) <= 1) {
                return true;
            }
        }
        return false;
    }

    private static List<BgrImage> pick(Path video, List<Integer> frames) throws IOException {
        List<BgrImage> out = new ArrayList<>();
        try (FrameSource s = FileVideoSource.open(video)) {
            VideoFrame f = s.newFrame();
            for (int i = 0; s.read(f); i++) {
                if (frames.contains(i)) {
                    out.add(new BgrImage(f.width(), f.height(), f.bgr().clone()));
                }
            }
        }
        return out;
    }

    private static double shareAbove(double[] a, double threshold) {
        return (double) Arrays.stream(a).filter(v -> v >= threshold).count() / a.length;
    }

    /** Every checked frame: each original face against each masked face of the same frame. */
    private static Exposure exposure(Path original, Path masked) throws IOException {
        List<List<Face>> before = faces(original);
        List<List<Face>> after = faces(masked);
        assertEquals(before.size(), after.size(), "frames checked");
        double worst = -1;
        String worstAt = "none";
        int nBefore = 0, nAfter = 0;
        List<Double> genuine = new ArrayList<>();
        for (int k = 0; k < before.size(); k++) {
            nBefore += before.get(k).size();
            nAfter += after.get(k).size();
            for (Face o : before.get(k)) {
                for (Face m : after.get(k)) {
                    double c = FaceEmbedder.cosine(o.embedding(), m.embedding());
                    if (c > worst) {
                        worst = c;
                        worstAt = String.format(Locale.ROOT, "frame %d, original face at %.0f,%.0f, masked face at"
                                + " %.0f,%.0f", o.frame(), o.detection().cx(), o.detection().cy(), m.detection().cx(),
                                m.detection().cy());
                    }
                }
                // The same face one checked frame on, in the original: the clip's own genuine pairs.
                if (k + 1 < before.size()) {
                    Face same = sameFace(o, before.get(k + 1));
                    if (same != null) {
                        genuine.add(FaceEmbedder.cosine(o.embedding(), same.embedding()));
                    }
                }
            }
        }
        return new Exposure(before.size(), nBefore, nAfter, worst, worstAt,
                genuine.stream().mapToDouble(Double::doubleValue).toArray(), 0);
    }

    /** The face whose centre is within a third of a box of this one's. */
    private static Face sameFace(Face face, List<Face> next) {
        for (Face f : next) {
            FaceDetection a = face.detection(), b = f.detection();
            if (Math.hypot(a.cx() - b.cx(), a.cy() - b.cy()) < Math.max(a.width(), b.width()) / 3) {
                return f;
            }
        }
        return null;
    }

    /** The faces of every checked frame. */
    private static List<List<Face>> faces(Path video) throws IOException {
        List<List<Face>> out = new ArrayList<>();
        try (FrameSource s = FileVideoSource.open(video)) {
            VideoFrame f = s.newFrame();
            for (int i = 0; s.read(f); i++) {
                if (i % STRIDE != OFFSET) {
                    continue;
                }
                BgrImage image = new BgrImage(f.width(), f.height(), f.bgr().clone());
                List<Face> faces = new ArrayList<>();
                for (FaceDetection d : detector.detect(image)) {
                    faces.add(new Face(i, d, embedder.embed(image, d.keypoints())));
                }
                out.add(faces);
            }
        }
        return out;
    }
}
