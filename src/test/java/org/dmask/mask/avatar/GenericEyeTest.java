package org.dmask.mask.avatar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The generic lids' skin: a lid opened wide pushes its fold ahead of it; at rest the fold stays where it is. */
@SlowTest
class GenericEyeTest {

    private static final AvatarMesh MESH = AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));

    @Test
    void aWideOpenLidPushesItsFoldAheadInsteadOfCrossingIt() {
        for (GenericEye eye : new GenericEye[] {GenericEye.right(MESH), GenericEye.left(MESH)}) {
            float[] positions = MESH.positions().clone();
            eye.placeLids(MESH, positions, new EyeMotion(0, 0, 1.45f, 1.55f));
            for (int i = 0; i < eye.upperMargin.length; i++) {
                assertFold(positions, eye.upperMargin[i], eye.upperFold[i], 1);
                assertFold(positions, eye.lowerMargin[i], eye.lowerFold[i], -1);
            }
            // The middle of the upper lid now stands above where its fold was: the fold had to move.
            int middle = eye.upperMargin.length / 2;
            assertTrue(positions[3 * eye.upperMargin[middle] + 1] > MESH.y(eye.upperFold[middle]),
                    "the wide lid passes the fold's rest place");
        }
    }

    @Test
    void atRestAndClosedTheFoldsStayWhereTheyAre() {
        GenericEye eye = GenericEye.right(MESH);
        for (EyeMotion motion : new EyeMotion[] {EyeMotion.OPEN_AHEAD, new EyeMotion(0, 0, -0.85f, 0.85f)}) {
            float[] positions = MESH.positions().clone();
            eye.placeLids(MESH, positions, motion);
            for (int[] fold : new int[][] {eye.upperFold, eye.lowerFold}) {
                for (int v : fold) {
                    assertEquals(MESH.y(v), positions[3 * v + 1], 0f, "fold vertex " + v);
                }
            }
        }
    }

    /** The fold stays beyond the margin (up: +1, down: -1) by at least its share of the canonical gap. */
    private static void assertFold(float[] positions, int margin, int fold, int up) {
        float gap = (positions[3 * fold + 1] - positions[3 * margin + 1]) * up;
        float canonical = (MESH.y(fold) - MESH.y(margin)) * up;
        assertTrue(canonical > 0, "the fold lies beyond the margin in the canonical mesh: " + fold);
        assertTrue(gap >= GenericEye.MIN_FOLD_SHARE * canonical - 1e-6f, "fold " + fold + " over margin " + margin
                + ": " + gap + " of " + canonical);
    }
}
