package org.dmask.face;

/**
 * Everything measured in one frame. When the face was not tracked, only {@code index} and {@code timeS} are set
 * (the rest is null, the eye signals {@link EyeSignals#NONE}).
 *
 * @param canonical         the mesh points taken back into canonical space (cm) through the pose
 * @param liveExpressionRms RMS distance (cm) from the running neutral estimate, as live use would see it; the
 *                          two-pass figure for a file is {@link ClipAnalysis#expressionRms(int)}
 */
public record FrameAnalysis(int index, double timeS, boolean detected, FaceLandmarks landmarks, HeadPose pose,
        EyeLandmarks rightEye, EyeLandmarks leftEye, EyeSignals right, EyeSignals left, double[] canonical,
        double liveExpressionRms) {

    public boolean tracked() {
        return landmarks != null;
    }

    static FrameAnalysis lost(int index, double timeS) {
        return new FrameAnalysis(index, timeS, true, null, null, null, null, EyeSignals.NONE, EyeSignals.NONE, null,
                Double.NaN);
    }
}
