package org.dmask.face;

/**
 * One eye in one frame, in the eye's own coordinates: origin midway between the corners, x along the corner line
 * toward the image's right (the same direction for both eyes, so conjugate gaze has the same sign), y up. The iris
 * position is in fractions of the corner distance read in this frame; the lid measures are in fractions of the
 * head's eye width (the canonical corner distance at the fitted pose, {@link EyeSignalCalculator}); mm are named.
 *
 * @param irisX         iris centre x / corner distance (positive: toward the image's right)
 * @param irisY         iris centre y / corner distance (positive: up)
 * @param gazeH         horizontal eye-in-head angle, degrees, positive toward the image's right
 * @param gazeV         vertical angle, degrees, positive up
 * @param mrd1          upper lid margin above the iris centre / head's eye width (MRD1 proxy)
 * @param mrd2          lower lid margin below the iris centre / head's eye width (MRD2 proxy)
 * @param fissureHeight largest lid-to-lid distance / head's eye width
 * @param fissureWidthMm corner distance in mm at the canonical head's scale
 * @param fissureHeightMm fissure height in mm at the canonical head's scale
 */
public record EyeSignals(double irisX, double irisY, double gazeH, double gazeV, double mrd1, double mrd2,
        double fissureHeight, double fissureWidthMm, double fissureHeightMm) {

    /** All NaN: the eye was not measured in this frame. */
    public static final EyeSignals NONE = new EyeSignals(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean measured() {
        return !Double.isNaN(irisX);
    }

    EyeSignals withGaze(double ix, double iy, double h, double v) {
        return new EyeSignals(ix, iy, h, v, mrd1, mrd2, fissureHeight, fissureWidthMm, fissureHeightMm);
    }
}
