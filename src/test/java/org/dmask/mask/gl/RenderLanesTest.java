package org.dmask.mask.gl;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.Pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * Several render lanes at once, opened and closed again and again in one JVM, as the gateway does for video after
 * video: each lane's context is created, used and closed on its own thread, and closing one lane never disturbs
 * another (a shared GL state cleared by one lane once aborted the JVM in the next lane's close).
 */
@SlowTest
class RenderLanesTest {

    @Test
    void lanesRenderConcurrentlyAndCloseIndependentlyAcrossRounds() throws Exception {
        AvatarMesh mesh = AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));
        AvatarFrame frame = AvatarFrame.of(160, 120, Pose.frontal(8, 80, 60), EyeMotion.OPEN_AHEAD,
                EyeMotion.OPEN_AHEAD);
        byte[] reference = null;
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 3; round++) {
                try (RenderLanes lanes = new RenderLanes(2, mesh, RenderSettings.DEFAULT)) {
                    List<Future<RenderedFrame>> out = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        out.add(callers.submit(() -> lanes.render(frame)));
                    }
                    for (Future<RenderedFrame> f : out) {
                        byte[] rgb = f.get().rgb();
                        if (reference == null) {
                            reference = rgb;
                        }
                        assertArrayEquals(reference, rgb, "every lane and round renders the same frame");
                    }
                }
                // Two overlapping sets of lanes, closed in the opposite order of opening.
                RenderLanes first = new RenderLanes(1, mesh, RenderSettings.DEFAULT);
                RenderLanes second = new RenderLanes(1, mesh, RenderSettings.DEFAULT);
                first.close();
                assertArrayEquals(reference, second.render(frame).rgb(), "a lane still renders after another closed");
                second.close();
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(160 * 120 * 3, reference.length);
    }
}
