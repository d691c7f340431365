package org.dmask.mask.avatar;

import org.dmask.mask.gl.AvatarGeometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class AvatarMeshTest {

    @Test
    void readsTheCanonicalMeshAndFindsBothEyesOnTheirSides() {
        AvatarMesh mesh = AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));
        assertEquals(AvatarMesh.VERTEX_COUNT * 3, mesh.positions().length);
        assertEquals(898 * 3, mesh.triangles().length);
        // Landmark 1 is the nose tip region, in front; 10 the forehead top, 152 the chin.
        assertTrue(mesh.y(10) > mesh.y(1) && mesh.y(1) > mesh.y(152));
        GenericEye right = GenericEye.right(mesh);
        GenericEye left = GenericEye.left(mesh);
        assertTrue(right.centreX < 0 && left.centreX > 0, "subject's right eye on the image's left");
        assertEquals(-right.centreX, left.centreX, 1e-4, "mirror images");
        assertEquals(2.59, right.width, 0.01);
        // Each opening is closed by 14 triangles of the ring's own vertices; they are dropped.
        AvatarGeometry geometry = new AvatarGeometry(mesh);
        assertEquals((898 - 28) * 3, geometry.triangles().length);
    }

    @Test
    void rejectsMeshesThatAreNotTheCanonicalOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new AvatarMesh(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new AvatarFrame(640, 480, true, Pose.frontal(1, 0, 0),
                new float[3], EyeMotion.OPEN_AHEAD, EyeMotion.OPEN_AHEAD));
    }
}
