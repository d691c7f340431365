package org.dmask.mask;

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

    /** Straight ahead, lids at about their usual height (MRD1 ≈ 4 mm, MRD2 ≈ 5 mm on an iris radius of 5.9 mm). */
    public static final EyeMotion OPEN_AHEAD = new EyeMotion(0, 0, 0.7f, 0.85f);

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
