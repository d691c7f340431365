package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.dmask.face.FaceAnalyzers;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** What must be shown: fidelity on the scripted ground truth (the avatar rendered on llvmpipe, then analysed). */
@SlowTest
class GroundTruthTest {

    @Test
    void analysisOfTheScriptedAvatarFollowsTheScript() {
        GroundTruth.Result r;
        try (AvatarRenderer renderer = new AvatarRenderer(
                AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj")), RenderSettings.DEFAULT)) {
            r = new GroundTruth(renderer, () -> FaceAnalyzers.create(EvalModels.registry(), 0.5, 0.6, true,
                    EvalModels.mesh())).run(ScriptedMotion.calibration(120), ScriptedMotion.examination(180));
        }
        print("right", r.right(), r.calibrationRight());
        print("left", r.left(), r.calibrationLeft());
        System.out.printf(Locale.ROOT, "tracked %.3f, render %.1f ms, analyse %.1f ms, read back %.1f ms, %s%n",
                r.trackedFraction(), r.renderMsPerFrame(), r.analyseMsPerFrame(), r.readbackMsPerFrame(),
                r.renderPath());
        assertTrue(r.trackedFraction() > 0.95, "tracked " + r.trackedFraction());
        // 2026-12-07, with the drawing read back (GazeReadback), 180 frames: gaze r 0.983 / 0.964, MAE 0.46 / 0.68 deg,
        // lid r 0.938 / 0.952, blinks 4/4, nystagmus 4.00 Hz both eyes; without the readback the left gaze r was
        // 0.936 (conformance/mask-evaluation.md). Every target is asserted as the issue states it.
        for (EyeFidelity eye : new EyeFidelity[] {r.right(), r.left()}) {
            assertTrue(eye.nystagmusErrorHz() <= 0.2, "nystagmus " + eye.nystagmusHz() + " vs " + eye.nystagmusRefHz());
            assertTrue(eye.gazeMaeDeg() <= 2, "gaze MAE " + eye.gazeMaeDeg());
            assertTrue(eye.blinks().f1() >= 0.95, "blinks " + eye.blinks());
        }
        assertTrue(r.right().gazeCorrelation() >= 0.95, "right gaze r " + r.right().gazeCorrelation());
        assertTrue(r.right().lidCorrelation() >= 0.9, "right lid r " + r.right().lidCorrelation());
        assertTrue(r.left().gazeCorrelation() >= 0.95, "left gaze r " + r.left().gazeCorrelation());
        assertTrue(r.left().lidCorrelation() >= 0.9, "left lid r " + r.left().lidCorrelation());
    }

    static void print(String eye, EyeFidelity f, Signals.Line cal) {
        System.out.printf(Locale.ROOT, "%s: cal slope %.3f offset %.2f; gaze r %.3f MAE %.2f deg (V r %.3f), lid r %.3f,"
                + " blink F1 %.3f (%d/%d/%d), nystagmus %.2f vs %.2f Hz, %d frames%n", eye, cal.slope(), cal.offset(),
                f.gazeCorrelation(), f.gazeMaeDeg(), f.gazeVCorrelation(), f.lidCorrelation(), f.blinks().f1(),
                f.blinks().matched(), f.blinks().reference(), f.blinks().measured(), f.nystagmusHz(),
                f.nystagmusRefHz(), f.frames());
    }
}
