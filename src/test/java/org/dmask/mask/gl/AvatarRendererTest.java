package org.dmask.mask.gl;

import org.dmask.mask.Pixels;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.Pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SlowTest
class AvatarRendererTest {

    static final int W = 640;
    static final int H = 480;
    static final float SCALE = 20;

    AvatarMesh mesh;
    AvatarRenderer renderer;

    @BeforeAll
    void open() {
        mesh = AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));
        renderer = new AvatarRenderer(mesh, RenderSettings.DEFAULT);
    }

    @AfterAll
    void close() {
        if (renderer != null) {
            renderer.close();
        }
    }

    RenderedFrame frontal(float tx, float ty, EyeMotion right, EyeMotion left) {
        return renderer.render(AvatarFrame.of(W, H, Pose.frontal(SCALE, tx, ty), right, left));
    }

    @Test
    void frontalPoseGivesASkinBlobWhereThePoseSaysAndBackgroundElsewhere() {
        RenderedFrame frame = frontal(320, 240, EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD);
        Pixels.save(frame, "frontal");
        Pixels.Blob skin = Pixels.blob(frame, Pixels::skin);
        // The silhouette's box is the canonical mesh's box, scaled and moved by the pose (y flips).
        assertEquals(320 - 7.743 * SCALE, skin.minX(), 2.0, "left edge");
        assertEquals(320 + 7.743 * SCALE, skin.maxX(), 2.0, "right edge");
        assertEquals(240 - 8.262 * SCALE, skin.minY(), 2.0, "top edge");
        assertEquals(240 + 9.403 * SCALE, skin.maxY(), 2.0, "bottom edge");
        assertEquals(320, skin.cx(), 2.0, "a frontal face is symmetric about the pose's x");
        assertTrue(skin.count() > 0.6 * (skin.maxX() - skin.minX()) * (skin.maxY() - skin.minY()), "filled: " + skin);

        int background = 112 << 16 | 112 << 8 | 112;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean outsideBox = x < skin.minX() - 1 || x > skin.maxX() + 1 || y < skin.minY() - 1
                        || y > skin.maxY() + 1;
                if (outsideBox) {
                    assertEquals(background, Pixels.rgbAt(frame.rgb(), W, x, y), "background at " + x + "," + y);
                }
            }
        }
        assertTrue(frame.rgb().length == W * H * 3 && !frame.neutral());
    }

    @Test
    void movingTheTranslationMovesTheBlobByTheSameAmount() {
        Pixels.Blob before = Pixels.blob(frontal(320, 240, EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD), Pixels::skin);
        Pixels.Blob after = Pixels.blob(frontal(357.5f, 217, EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD),
                Pixels::skin);
        assertEquals(37.5, after.cx() - before.cx(), 2.0, "x");
        assertEquals(-23, after.cy() - before.cy(), 2.0, "y");
        assertEquals(before.count(), after.count(), before.count() * 0.01, "same silhouette area");
    }

    @Test
    void turningTheHeadMakesTheSilhouetteAsymmetricAndMirrorsWithTheSign() {
        Pixels.Blob frontal = Pixels.blob(frontal(320, 240, EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD), Pixels::skin);
        RenderedFrame rightFrame = renderer.render(AvatarFrame.of(W, H, Pose.fromAngles(SCALE, 30, 0, 0, 320, 240),
                EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD));
        Pixels.save(rightFrame, "yaw+30");
        Pixels.Blob right = Pixels.blob(rightFrame, Pixels::skin);
        Pixels.Blob left = Pixels.blob(renderer.render(AvatarFrame.of(W, H, Pose.fromAngles(SCALE, -30, 0, 0, 320, 240),
                EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD)), Pixels::skin);

        // Frontal: as far to the left of x = 320 as to the right.
        assertEquals(320 - frontal.minX(), frontal.maxX() - 320, 2.0);
        // Turned towards the image's right: the cheek turning away is foreshortened, the near one swings out
        // (the face's edges lie behind its origin, so yaw carries them the other way from the nose).
        double rightReach = right.maxX() - 320;
        double leftReach = 320 - right.minX();
        assertTrue(leftReach - rightReach > 20, "turned right: reach right " + rightReach + ", left " + leftReach);
        assertTrue(frontal.maxX() - 320 - rightReach > 20, "far side narrower than frontal");
        // The mesh is symmetric, so turning the other way mirrors the silhouette about x = 320.
        assertEquals(320 - right.cx(), left.cx() - 320, 2.0, "mirrored centroid");
        assertEquals(right.maxX() - 320, 320 - left.minX(), 2.0, "mirrored far edge");
        assertEquals(right.count(), left.count(), right.count() * 0.02, "mirrored area");
    }

    @Test
    void anUntrackedFrameIsExactlyTheNeutralBackgroundAndIsCounted() {
        long neutralBefore = renderer.neutralFrames();
        RenderedFrame frame = renderer.render(AvatarFrame.untracked(W, H));
        assertTrue(frame.neutral());
        byte[] expected = new byte[W * H * 3];
        java.util.Arrays.fill(expected, (byte) 112);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, frame.rgb());
        assertEquals(neutralBefore + 1, renderer.neutralFrames());
    }

    @Test
    void pipelinedFramesComeBackOneLateInOrderEachWithItsOwnPixels() {
        float[] xs = {250, 300, 350, 400, 330};
        java.util.List<RenderedFrame> out = new java.util.ArrayList<>();
        for (int k = 0; k < xs.length; k++) {
            renderer.submit(AvatarFrame.of(W, H, Pose.frontal(SCALE, xs[k], 240), EyeMotion.OPEN_AHEAD,
                    EyeMotion.OPEN_AHEAD)).ifPresent(out::add);
            assertEquals(k, out.size(), "submitting frame " + k + " returns frame " + (k - 1));
        }
        // A change of frame size in between: the pending frame comes out first, in its own size.
        renderer.submit(AvatarFrame.of(320, 240, Pose.frontal(8, 160, 120), EyeMotion.OPEN_AHEAD,
                EyeMotion.OPEN_AHEAD)).ifPresent(out::add);
        renderer.flush().ifPresent(out::add);
        assertEquals(6, out.size());
        for (int i = 0; i < xs.length; i++) {
            RenderedFrame frame = out.get(i);
            assertEquals(xs[i], frame.source().pose().translateX());
            assertEquals(xs[i], Pixels.blob(frame, Pixels::skin).cx(), 2.0, "frame " + i);
        }
        RenderedFrame small = out.get(5);
        assertEquals(320, small.width());
        assertEquals(160, Pixels.blob(small, Pixels::skin).cx(), 2.0);
        assertTrue(renderer.flush().isEmpty());
    }

    @Test
    void theExpressionResidualMovesTheGenericSurface() {
        float[] jawDown = new float[AvatarMesh.VERTEX_COUNT * 3];
        jawDown[152 * 3 + 1] = -1.5f; // chin landmark 1.5 units lower
        RenderedFrame neutral = frontal(320, 240, EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD);
        RenderedFrame moved = renderer.render(new AvatarFrame(W, H, true, Pose.frontal(SCALE, 320, 240), jawDown,
                EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD));
        assertEquals(1.5 * SCALE, Pixels.blob(moved, Pixels::skin).maxY() - Pixels.blob(neutral, Pixels::skin).maxY(),
                2.0, "chin edge");
    }

    @Test
    void workersOnTheirOwnContextsRenderTheSameFrameIdentically() throws Exception {
        AvatarFrame frame = AvatarFrame.of(W, H, Pose.fromAngles(SCALE, 12, -6, 5, 300, 250),
                new EyeMotion(10, 5, 0.5f, 0.8f), new EyeMotion(-4, 5, 0.7f, 0.8f));
        byte[] here = renderer.render(frame).rgb();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(workers.submit(() -> {
                    try (AvatarRenderer own = new AvatarRenderer(mesh, RenderSettings.DEFAULT)) {
                        return own.render(frame).rgb();
                    }
                }));
            }
            for (var result : results) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(here, result.get());
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
