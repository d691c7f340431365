package org.dmask.face;

/**
 * Everything measured in one frame. When the face was not tracked, only {@code index} and {@code timeS} are set
 * (the rest is null, the eye signals {@link EyeSignals#NONE}).
 *
 * @param canonical the mesh points taken back into canonical space (cm) through the pose
 */
public record FrameAnalysis(int index, double timeS, boolean detected, FaceLandmarks landmarks, HeadPose pose,
        EyeLandmarks rightEye, EyeLandmarks leftEye, EyeSignals right, EyeSignals left, double[] canonical) {

    public boolean tracked() {
        return landmarks != null;
    }

    static FrameAnalysis lost(int index, double timeS) {
        return new FrameAnalysis(index, timeS, true, null, null, null, null, EyeSignals.NONE, EyeSignals.NONE, null);
    }
}
