package org.dmask.face;

import java.util.List;

/**
 * MediaPipe's face graph as one object: detection → region → landmarks → region for the next frame. The detector
 * runs only on the first frame and after the track is lost (presence below the threshold, or the landmarks no longer
 * sit where the crop expected them).
 */
public final class FaceTracker {

    /** What happened in one frame. {@code landmarks} is null when no face was found. */
    public record Step(FaceLandmarks landmarks, boolean detected) {
        public boolean tracked() {
            return landmarks != null;
        }
    }

    private final FaceDetector detector;
    private final FaceLandmarker landmarker;
    private final double minPresence;
    private RotatedRect region;

    public FaceTracker(FaceDetector detector, FaceLandmarker landmarker, double minPresence) {
        this.detector = detector;
        this.landmarker = landmarker;
        this.minPresence = minPresence;
    }

    public FaceTracker(FaceDetector detector, FaceLandmarker landmarker) {
        this(detector, landmarker, 0.5);
    }

    public Step next(BgrImage frame) {
        if (region != null) {
            FaceLandmarks lm = landmarker.landmarks(frame, region);
            if (lm.presence() >= minPresence && !drifted(lm)) {
                region = FaceRegions.fromLandmarks(lm);
                return new Step(lm, false);
            }
        }
        region = null;
        List<FaceDetection> faces = detector.detect(frame);
        if (faces.isEmpty()) {
            return new Step(null, true);
        }
        FaceLandmarks lm = landmarker.landmarks(frame, FaceRegions.fromDetection(faces.get(0)));
        if (lm.presence() < minPresence) {
            return new Step(null, true);
        }
        region = FaceRegions.fromLandmarks(lm);
        return new Step(lm, true);
    }

    public FaceDetector detector() {
        return detector;
    }

    /** Forget the track (a new clip starts, or a scene cut). */
    public void reset() {
        region = null;
    }

    /**
     * True when the face the landmarks describe has slid off the crop's centre or changed size so much that the
     * crop no longer frames it the way the model was trained on.
     */
    static boolean drifted(FaceLandmarks lm) {
        RotatedRect crop = lm.crop();
        RotatedRect found = FaceRegions.fromLandmarks(lm);
        double offset = Math.hypot(found.cx() - crop.cx(), found.cy() - crop.cy()) / crop.size();
        double ratio = found.size() / crop.size();
        return offset > 0.25 || ratio < 0.5 || ratio > 1.6;
    }
}
