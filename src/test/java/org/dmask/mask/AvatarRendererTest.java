package org.dmask.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.interop.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvatarRendererTest {

    static final int W = 640;
    static final int H = 480;
    static final float SCALE = 20;

    CanonicalMesh mesh;
    AvatarRenderer renderer;

    @BeforeAll
    void open() {
        mesh = CanonicalMesh.load(Peers.shared("models/canonical_face_model.obj"));
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
}
