package org.dmask.face;

import java.util.ArrayList;
import java.util.List;

/**
 * Every face in the frame, not only the tracked one: the detector runs on every {@code every}-th frame, at once on a
 * scene cut, and whenever the tracker ran its own (the track was lost or starts). Its own detector may be more
 * sensitive than the tracker's: a face it finds is covered, and covering a doubtful face costs only background. The
 * tracked face, the patient, is told apart from the others by the tracker's landmarks. Runs beside {@link FaceAnalyzer#track}, on the same thread,
 * frames in order.
 */
public final class FaceCensus {

    /**
     * One frame's count. {@code faces} is null when the detector did not run on this frame.
     *
     * @param patient index into {@code faces} of the tracked face; −1 when it is not among them
     */
    public record Observation(boolean sceneCut, List<FaceDetection> faces, int patient) {

        public boolean detected() {
            return faces != null;
        }

        /** The detected faces other than the patient's (empty when the detector did not run). */
        public List<FaceDetection> others() {
            if (faces == null) {
                return List.of();
            }
            List<FaceDetection> out = new ArrayList<>(faces);
            if (patient >= 0) {
                out.remove(patient);
            }
            return out;
        }
    }

    private final FaceDetector detector;
    private final int every;
    private long index;

    /** @param every detect all faces on every this-many-th frame (1: every frame) */
    public FaceCensus(FaceDetector detector, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("re-detection interval must be ≥ 1 frame: " + every);
        }
        this.detector = detector;
        this.every = every;
    }

    /** The faces of this frame, after {@code step} was tracked on it. */
    public Observation observe(BgrImage frame, FaceTracker.Step step, boolean sceneCut) {
        long i = index++;
        if (!step.detected() && !sceneCut && i % every != 0) {
            return new Observation(sceneCut, null, -1);
        }
        List<FaceDetection> faces = detector.detect(frame);
        return new Observation(sceneCut, List.copyOf(faces), patientIndex(faces, step.landmarks()));
    }

    /**
     * The detection whose box centre lies within the landmarks' bounding box, nearest to their centre; −1 when none
     * does (or nothing is tracked). Every other face is someone else.
     */
    static int patientIndex(List<FaceDetection> faces, FaceLandmarks lm) {
        if (lm == null) {
            return -1;
        }
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int k = 0; k < FaceLandmarks.MESH; k++) {
            x0 = Math.min(x0, lm.x(k));
            x1 = Math.max(x1, lm.x(k));
            y0 = Math.min(y0, lm.y(k));
            y1 = Math.max(y1, lm.y(k));
        }
        double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int k = 0; k < faces.size(); k++) {
            FaceDetection d = faces.get(k);
            if (d.cx() < x0 || d.cx() > x1 || d.cy() < y0 || d.cy() > y1) {
                continue;
            }
            double distance = Math.hypot(d.cx() - mx, d.cy() - my);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = k;
            }
        }
        return best;
    }
}
