package org.dmask.mask.avatar;

import org.dmask.mask.eye.EyeResponse;

/**
 * One eye's motion, normalised so that nothing of the patient's eye shape crosses over.
 *
 * <p>Gaze is relative to the head. {@code yawDegrees} positive turns the eye towards the head's +x axis (the
 * image's right when the face looks at the camera, i.e. the subject's own left); {@code pitchDegrees} positive
 * looks up.
 *
 * <p>Lid margins are given as signed distances from the iris centre, in iris radii (the iris diameter varies
 * little between adults, so it makes a patient-independent ruler; MRD1 and MRD2 proxies):
 * {@code upperLid} is how far the upper margin lies above the iris centre, {@code lowerLid} how far the lower
 * margin lies below it. Both 0 (or a negative sum) is a closed eye; a small {@code upperLid} is a drooping lid.
 */
public record EyeMotion(float yawDegrees, float pitchDegrees, float upperLid, float lowerLid) {

    /**
     * Straight ahead, lids at about their usual height (MRD1 ≈ 3.5 mm, MRD2 ≈ 5 mm on an iris radius of 5.9 mm).
     * The upper lid rests a little low on purpose: the face analysis stops reading the generic upper lid rise at
     * about 0.85 iris radii (EyeResponse), and a rest at 0.7 left almost no room to show a lid that rises (a
     * retraction, or a patient's own lid moving up): the scripted ground truth's lid wave was clipped there.
     */
    public static final EyeMotion OPEN_AHEAD = new EyeMotion(0, 0, 0.6f, 0.85f);

    public EyeMotion {
        if (!Float.isFinite(yawDegrees) || !Float.isFinite(pitchDegrees) || !Float.isFinite(upperLid)
                || !Float.isFinite(lowerLid)) {
            throw new IllegalArgumentException("eye motion must be finite");
        }
    }

    public boolean closed() {
        return upperLid + lowerLid <= 0;
    }
}
