package org.dmask.eval;

import java.util.List;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;

/** A way of hiding the face in a whole clip, as evaluated: the digital mask or one of the baselines. */
public interface ClipMasker {

    /** Short name (JSON key, table row). */
    String name();

    /** Where it ran (e.g. "GPU (NVIDIA ...)" or "CPU"). */
    default String path() {
        return "CPU";
    }

    /**
     * The masked frames, one per input frame, in order.
     *
     * @param fps   the clip's frame rate
     * @param faces the face detected in each original frame (null where none), for the baselines' boxes
     */
    List<BgrImage> mask(LabelledClip clip, List<BgrImage> frames, double fps, List<FaceDetection> faces)
            throws java.io.IOException;

    /**
     * For the clip last masked: how often its eyes asked for more than the generic eye shows (the digital mask);
     * null for maskers that draw no eyes.
     */
    default org.dmask.mask.eye.EyeLimits lastEyeLimits() {
        return null;
    }

    /** Time per stage, ms per frame, where the masker reports stages (empty otherwise). */
    default java.util.Map<String, Double> stageMsPerFrame() {
        return java.util.Map.of();
    }

    /** A baseline as a clip masker: frame by frame, on the original's face box. */
    static ClipMasker of(Baseline baseline) {
        return new ClipMasker() {
            @Override
            public String name() {
                return baseline.label();
            }

            @Override
            public List<BgrImage> mask(LabelledClip clip, List<BgrImage> frames, double fps,
                    List<FaceDetection> faces) {
                List<BgrImage> out = new java.util.ArrayList<>(frames.size());
                for (int i = 0; i < frames.size(); i++) {
                    out.add(baseline.apply(frames.get(i), faces.get(i)));
                }
                return out;
            }
        };
    }
}
