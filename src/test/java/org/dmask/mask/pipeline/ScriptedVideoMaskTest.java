package org.dmask.mask.pipeline;

import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskProgress;
import org.dmask.mask.MaskTestSupport;
import org.dmask.mask.eye.EyeResponse;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.gl.RenderSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dmask.eval.ScriptedMotion;
import org.dmask.face.ClipAnalysis;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.dmask.video.VideoFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full mode end to end on a close-up video whose eyes are known: the scripted examination (left eye 15° inward,
 * nystagmus, blinks, a drooping lid) rendered, encoded, masked by {@link MaskPipeline} like any video, and both
 * videos analysed. At this eye size the deviation is beyond full mode's deadband, so the mask must keep it, and
 * every blink; where the subject habitually looks is the only thing full mode takes out.
 */
@SlowTest
class ScriptedVideoMaskTest {

    static final int FRAMES = 120;

    @TempDir
    Path dir;

    @Test
    void fullModeKeepsAResolvableStrabismusTheBlinksAndTheMovement() throws Exception {
        Peers.require("ffmpeg", "ffmpeg");
        ScriptedMotion script = ScriptedMotion.examination(FRAMES);
        Path raw = dir.resolve("scripted.bgr");
        try (AvatarRenderer renderer = new AvatarRenderer(MaskTestSupport.mesh(), RenderSettings.DEFAULT);
                OutputStream out = Files.newOutputStream(raw)) {
            for (int i = 0; i < FRAMES; i++) {
                out.write(renderer.render(script.frame(i)).bgr());
            }
        }
        Path video = dir.resolve("scripted.mp4");
        VideoFixtures.ffmpeg("-f", "rawvideo", "-pix_fmt", "bgr24", "-s", ScriptedMotion.WIDTH + "x"
                + ScriptedMotion.HEIGHT, "-r", "30", "-i", raw.toString(), "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-crf", "12", video.toString());
        Path masked = dir.resolve("masked.mp4");
        MaskPipeline.Result r = MaskTestSupport.pipeline(0.2).maskVideoFile(video, masked, MaskMode.FULL,
                MaskProgress.NONE);
        assertEquals(0, r.untracked(), r.summary());

        ClipAnalysis original = MaskTestSupport.analyse(video);
        ClipAnalysis avatar = MaskTestSupport.analyse(masked);
        ClipAnalysis.Summary o = original.summary(), a = avatar.summary();
        System.out.printf(Locale.ROOT, "scripted video, full mode: deviation %.1f -> %.1f deg; blinks %d/%d -> %d/%d;"
                + " nystagmus %.2f/%.2f -> %.2f/%.2f Hz; gaze r %.2f / %.2f%n", o.deviationHDeg(), a.deviationHDeg(),
                o.blinksRight(), o.blinksLeft(), a.blinksRight(), a.blinksLeft(), o.nystagmusRight().frequencyHz(),
                o.nystagmusLeft().frequencyHz(), a.nystagmusRight().frequencyHz(), a.nystagmusLeft().frequencyHz(),
                gazeCorrelation(original, avatar, true), gazeCorrelation(original, avatar, false));
        assertEquals(1, a.trackedFraction(), 1e-9, "the avatar is tracked in every frame");
        // The deviation as read (right minus left, the generic eye's -12.7° at rest included): kept to 3°.
        assertEquals(o.deviationHDeg(), a.deviationHDeg(), 3, "the 15 degree deviation is kept");
        assertEquals(o.blinksRight(), a.blinksRight(), "right-eye blinks");
        assertEquals(o.blinksLeft(), a.blinksLeft(), "left-eye blinks");
        assertEquals(o.nystagmusRight().frequencyHz(), a.nystagmusRight().frequencyHz(), 0.2, "right nystagmus");
        assertEquals(o.nystagmusLeft().frequencyHz(), a.nystagmusLeft().frequencyHz(), 0.2, "left nystagmus");
        // Measured 2026-12-07: r 0.78 right, 0.94 left with the gaze curves smoothed over 2.5°, not 5° (0.77, 0.96
        // before that; 0.81, 0.96 before the horizontal curves per head turn;
        // 2026-12-02: 0.84, 0.96; earlier that day 0.73, 0.95; 2026-11-22: 0.75, 0.96). The right
        // eye's ±6° sits where the generic eye's reading is flattest (around rest, EyeResponse), the deviated left eye
        // where it is steep.
        assertTrue(gazeCorrelation(original, avatar, true) > 0.75, "right gaze follows");
        assertTrue(gazeCorrelation(original, avatar, false) > 0.85, "left gaze follows");
    }

    /** Horizontal gaze correlation, original vs masked, over frames where neither blinks. */
    private static double gazeCorrelation(ClipAnalysis original, ClipAnalysis avatar, boolean right) {
        int n = Math.min(original.frames().size(), avatar.frames().size());
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) {
            boolean blink = right ? original.blinkRight(i) || avatar.blinkRight(i)
                    : original.blinkLeft(i) || avatar.blinkLeft(i);
            a[i] = blink ? Double.NaN : (right ? original.frames().get(i).right() : original.frames().get(i).left()).gazeH();
            b[i] = blink ? Double.NaN : (right ? avatar.frames().get(i).right() : avatar.frames().get(i).left()).gazeH();
        }
        return MaskTestSupport.correlation(a, b);
    }
}
