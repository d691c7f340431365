package org.dmask.mask.pipeline;

import org.dmask.mask.Pixels;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.Pose;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.mask.gl.RenderedFrame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SlowTest
class FaceCompositeTest {

    static final int W = 640;
    static final int H = 480;
    static final int FEATHER = 12;

    AvatarRenderer renderer;
    final FaceOval oval = new FaceOval(320, 250, 150, 190, 8);

    @BeforeAll
    void open() {
        renderer = new AvatarRenderer(AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj")),
                RenderSettings.DEFAULT);
    }

    @AfterAll
    void close() {
        if (renderer != null) {
            renderer.close();
        }
    }

    /** A saturated red frame with noise: no pixel of it can be mistaken for the avatar or the background. */
    static byte[] original() {
        byte[] rgb = new byte[W * H * 3];
        Random random = new Random(7);
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) (230 + random.nextInt(26));
            rgb[i + 1] = (byte) random.nextInt(20);
            rgb[i + 2] = (byte) random.nextInt(20);
        }
        return rgb;
    }

    @Test
    void keepsEverythingBeyondTheFeatherAndReplacesEveryPixelInsideTheOval() {
        byte[] original = original();
        RenderedFrame rendered = renderer.render(AvatarFrame.of(W, H, Pose.frontal(20, 320, 240),
                EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD));
        byte[] out = new FaceComposite(FEATHER).compose(rendered, original, oval);
        int inside = 0;
        int band = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = (y * W + x) * 3;
                double r = oval.normalisedRadius(x + 0.5, y + 0.5);
                int was = Pixels.rgbAt(original, W, x, y);
                int now = Pixels.rgbAt(out, W, x, y);
                if (r <= 1) {
                    inside++;
                    assertEquals(Pixels.rgbAt(rendered.rgb(), W, x, y), now, "inside the oval at " + x + "," + y);
                    assertNotEquals(was, now);
                } else if (r > 1 + (double) FEATHER / oval.minRadius()) {
                    assertEquals(was, now, "beyond the feather at " + x + "," + y);
                } else {
                    band++;
                    // In the band: a blend, never brighter red than the original nor further from it than the render.
                    assertTrue((out[i] & 0xff) <= (original[i] & 0xff));
                }
            }
        }
        assertTrue(inside > Math.PI * 150 * 190 * 0.98, "oval area " + inside);
        assertTrue(band > 2 * Math.PI * 150 * FEATHER * 0.8, "band " + band);
    }

    @Test
    void anUntrackedFrameIsObscuredWhole() {
        byte[] original = original();
        RenderedFrame neutral = renderer.render(AvatarFrame.untracked(W, H));
        byte[] out = new FaceComposite(FEATHER).compose(neutral, original, oval);
        byte[] expected = new byte[W * H * 3];
        java.util.Arrays.fill(expected, (byte) 112);
        assertArrayEquals(expected, out);
        // A tracked render with no oval is obscured whole as well: no region to keep the original around.
        RenderedFrame tracked = renderer.render(AvatarFrame.of(W, H, Pose.frontal(20, 320, 240),
                EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD));
        assertArrayEquals(tracked.rgb(), new FaceComposite(FEATHER).compose(tracked, original, null));
    }
}
