package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What must be shown: on every shared clip the face is tracked in at least 98% of frames, and the landmarks do not
 * jitter on still stretches. Every frame of every clip is processed (tracking needs consecutive frames): 584 frames
 * in all, landmarks only (no iris), about 25 ms a frame.
 */
@SlowTest
class FaceTrackingTest {

    static Stream<String> clips() {
        return Stream.of("asl_again.mkv", "asl_bird.mkv", "asl_book.mkv", "asl_brother.mkv", "asl_eat.mkv",
                "asl_hungry.mkv", "asl_learn.mkv", "asl_milk.mkv", "head-pose-face-detection-male.gif");
    }

    /** Second-difference jitter on still frames, as a fraction of the outer eye-corner distance. */
    static final double JITTER_BOUND = 0.01;

    @ParameterizedTest
    @MethodSource("clips")
    void faceIsTrackedInAlmostEveryFrameWithoutJitter(String name) throws Exception {
        Path clip = Peers.shared("media/" + name);
        List<BgrImage> frames = TestModels.frames(clip);
        FaceTracker tracker = TestModels.tracker();
        List<FaceLandmarks> lms = new ArrayList<>();
        FaceDetector detector = TestModels.detector();
        int tracked = 0, detections = 0, checked = 0;
        double worstEye = 0;
        for (int i = 0; i < frames.size(); i++) {
            FaceTracker.Step s = tracker.next(frames.get(i));
            lms.add(s.landmarks());
            tracked += s.tracked() ? 1 : 0;
            detections += s.detected() ? 1 : 0;
            if (i % 10 == 5 && s.tracked()) {
                worstEye = Math.max(worstEye,
                        eyeDiscrepancy(name, i, s.landmarks(), detector.detect(frames.get(i))));
                checked++;
            }
        }
        assertTrue(checked >= 4, name + ": only " + checked + " frames cross-checked against the detector");
        double rate = (double) tracked / frames.size();
        double[] jitter = stillJitter(lms);
        System.out.printf("%s: %d frames, tracked %.1f%%, detector ran %d times, mesh eyes vs detector eyes <= %.2f of"
                + " the eye distance (%d frames checked), still frames %d, jitter median %.4f p90 %.4f of eye-corner"
                + " distance (%.2f px median)%n", name, frames.size(), 100 * rate, detections, worstEye, checked,
                jitter.length, median(jitter), percentile(jitter, 0.9), medianPx(lms, jitter));
        assertTrue(worstEye < SAME_FACE_BOUND, name + ": the tracked mesh's eyes are " + worstEye
                + " eye distances from the detector's");
        assertTrue(rate >= 0.98, name + ": tracked in " + tracked + " of " + frames.size() + " frames");
        assertTrue(jitter.length >= 5, name + ": too few still frames (" + jitter.length + ") to judge jitter");
        assertTrue(median(jitter) < JITTER_BOUND, name + ": jitter " + median(jitter));
    }

    /**
     * The tracked mesh sits on the face the detector finds independently. A same-face check, not an accuracy
     * measure: on the 30-45 px faces of the ASL clips the two models' eyes differ by 0.11-0.22 eye distances for
     * four people, but by up to 0.55 (about 12 px) for person C (asl_book, asl_learn), whose tilted, blurred face
     * the landmark model meshes visibly skewed, from a fresh detection as much as when tracking.
     */
    static final double SAME_FACE_BOUND = 0.6;

    /** Largest distance from a mesh eye centre to the nearer detector eye keypoint, in eye distances. */
    private static double eyeDiscrepancy(String clip, int frame, FaceLandmarks lm, List<FaceDetection> faces) {
        assertTrue(!faces.isEmpty(), clip + " frame " + frame + ": tracked, but the detector finds no face");
        FaceDetection d = faces.get(0);
        double[] k = d.keypoints();
        // Mesh eye centres: midpoints of each eye's corners; the detector's first two keypoints are the eye centres.
        double rx = (lm.x(33) + lm.x(133)) / 2, ry = (lm.y(33) + lm.y(133)) / 2;
        double lx = (lm.x(263) + lm.x(362)) / 2, ly = (lm.y(263) + lm.y(362)) / 2;
        double iod = Math.hypot(lx - rx, ly - ry);
        double e1 = Math.min(Math.hypot(k[0] - rx, k[1] - ry), Math.hypot(k[2] - rx, k[3] - ry));
        double e2 = Math.min(Math.hypot(k[0] - lx, k[1] - ly), Math.hypot(k[2] - lx, k[3] - ly));
        return Math.max(e1, e2) / iod;
    }

    /**
     * For each frame t whose neighbours are tracked and where the head is still (the landmark centroid moves less
     * than 2% of the eye-corner distance per frame), the median over the mesh points of |L(t) - (L(t-1)+L(t+1))/2|,
     * divided by the eye-corner distance. Smooth motion cancels in the second difference; noise does not.
     */
    static double[] stillJitter(List<FaceLandmarks> lms) {
        List<Double> out = new ArrayList<>();
        for (int t = 1; t + 1 < lms.size(); t++) {
            FaceLandmarks a = lms.get(t - 1), b = lms.get(t), c = lms.get(t + 1);
            if (a == null || b == null || c == null) {
                continue;
            }
            double iod = b.outerEyeCornerDistance();
            double[] ca = centroid(a), cc = centroid(c);
            if (Math.hypot(cc[0] - ca[0], cc[1] - ca[1]) / 2 / iod > 0.02) {
                continue;
            }
            double[] d = new double[FaceLandmarks.MESH];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.hypot(b.x(i) - (a.x(i) + c.x(i)) / 2, b.y(i) - (a.y(i) + c.y(i)) / 2) / iod;
            }
            out.add(median(d));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double medianPx(List<FaceLandmarks> lms, double[] jitter) {
        double[] iod = lms.stream().filter(l -> l != null).mapToDouble(FaceLandmarks::outerEyeCornerDistance).toArray();
        return median(jitter) * median(iod);
    }

    static double[] centroid(FaceLandmarks l) {
        double x = 0, y = 0;
        for (int i = 0; i < FaceLandmarks.MESH; i++) {
            x += l.x(i);
            y += l.y(i);
        }
        return new double[] {x / FaceLandmarks.MESH, y / FaceLandmarks.MESH};
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
    }
}
