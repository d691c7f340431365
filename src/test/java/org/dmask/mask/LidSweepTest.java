package org.dmask.mask;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.dmask.face.BgrImage;
import org.dmask.face.EyeSignals;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FrameAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Lid fidelity through the whole chain: scripted lid margins (as the first pass measures them, in corner distances)
 * → the pipeline's mapping → the rendered avatar at the full-mode size → analysed again. The measured margins must
 * follow the script. (Measured 2026-11-22: r 0.987 for MRD1, but with about half the scripted range and an offset:
 * scripted 0 → 0.16 reads as 0.14 → 0.22, flat below 0.03; the renderer places the lid to the pixel,
 * EyeRenderingTest, so the compression is the landmark model's on the generic eye.)
 */
class LidSweepTest {

    static final int W = 640;
    static final int H = 480;

    @Test
    void measuredLidMarginsFollowAScriptedSweep() {
        CanonicalMesh mesh = MaskTestSupport.mesh();
        float scale = AvatarMapper.FACE_HEIGHT_SHARE * H / AvatarMapper.meshHeight(mesh);
        FaceAnalyzer analyzer = MaskTestSupport.analyzer();
        int frames = 40;
        double[] scriptUpper = new double[frames];
        double[] measuredUpper = new double[frames];
        double[] scriptFissure = new double[frames];
        double[] measuredFissure = new double[frames];
        try (AvatarRenderer renderer = new AvatarRenderer(mesh, RenderSettings.DEFAULT)) {
            for (int i = 0; i < frames; i++) {
                // Upper margin (MRD1 proxy, corner distances) sweeps 0.16 → 0.0 → 0.16 twice; lower fixed at 0.19.
                double phase = Math.abs(((i % 20) - 10) / 10.0);
                float mrd1 = (float) (0.16 * phase);
                float mrd2 = 0.19f;
                EyeMotion eye = AvatarMapper.eye(new float[] {0, 0, mrd1, mrd2});
                RenderedFrame f = renderer.render(AvatarFrame.of(W, H, Pose.frontal(scale, W / 2f, H / 2f), eye, eye));
                FrameAnalysis a = analyzer.analyze(new BgrImage(W, H, toBgr(f.rgb())), i / 30.0);
                EyeSignals r = a.right();
                scriptUpper[i] = mrd1;
                measuredUpper[i] = r.mrd1();
                scriptFissure[i] = mrd1 + mrd2;
                measuredFissure[i] = r.fissureHeight();
                System.out.printf(Locale.ROOT, "lid sweep %2d: script mrd1 %.3f mrd2 %.3f | measured mrd1 %.3f"
                        + " mrd2 %.3f fissure %.3f (left mrd1 %.3f)%n", i, mrd1, mrd2, r.mrd1(), r.mrd2(), r.fissureHeight(),
                        a.left().mrd1());
            }
        }
        double rUpper = MaskTestSupport.correlation(scriptUpper, measuredUpper);
        double rFissure = MaskTestSupport.correlation(scriptFissure, measuredFissure);
        System.out.printf(Locale.ROOT, "lid sweep: r(mrd1) %.3f, r(fissure) %.3f%n", rUpper, rFissure);
        assertTrue(rUpper >= 0.9, "measured upper margin follows the script: r " + rUpper);
        assertTrue(rFissure >= 0.9, "measured fissure height follows the script: r " + rFissure);
    }

    /**
     * MRD1/MRD2 are measured from the iris centre, so a vertical gaze with steady margins must leave them steady: the
     * lids have to ride with the iris (as real lids do), not stay where they were while the iris moves.
     */
    @Test
    void steadyMarginsStaySteadyWhileTheEyesLookUpAndDown() {
        CanonicalMesh mesh = MaskTestSupport.mesh();
        float scale = AvatarMapper.FACE_HEIGHT_SHARE * H / AvatarMapper.meshHeight(mesh);
        FaceAnalyzer analyzer = MaskTestSupport.analyzer();
        int frames = 30;
        double[] pitch = new double[frames];
        double[] measuredUpper = new double[frames];
        double[] measuredPitch = new double[frames];
        try (AvatarRenderer renderer = new AvatarRenderer(mesh, RenderSettings.DEFAULT)) {
            for (int i = 0; i < frames; i++) {
                pitch[i] = 12 * Math.sin(2 * Math.PI * i / 15.0);
                EyeMotion eye = AvatarMapper.eye(new float[] {0, (float) pitch[i], 0.16f, 0.19f});
                RenderedFrame f = renderer.render(AvatarFrame.of(W, H, Pose.frontal(scale, W / 2f, H / 2f), eye, eye));
                FrameAnalysis a = analyzer.analyze(new BgrImage(W, H, toBgr(f.rgb())), i / 30.0);
                measuredUpper[i] = a.right().mrd1();
                measuredPitch[i] = a.right().gazeV();
            }
        }
        double rPitch = MaskTestSupport.correlation(pitch, measuredPitch);
        double rUpperPitch = MaskTestSupport.correlation(pitch, measuredUpper);
        System.out.printf(Locale.ROOT, "vertical gaze sweep ±12°: r(gazeV) %.3f; measured mrd1 sd %.3f, r(mrd1, pitch)"
                + " %.3f%n", rPitch, MaskTestSupport.std(measuredUpper), rUpperPitch);
        assertTrue(rPitch >= 0.9, "vertical gaze follows: r " + rPitch);
        // 0.017 when the lids were placed from the socket centre, i.e. stayed put while the iris moved.
        assertTrue(MaskTestSupport.std(measuredUpper) < 0.01, "steady upper margin: sd "
                + MaskTestSupport.std(measuredUpper));
    }

    private static byte[] toBgr(byte[] rgb) {
        byte[] bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return bgr;
    }
}
