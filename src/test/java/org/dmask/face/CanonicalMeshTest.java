package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one OBJ parser of the canonical face; {@code mask} builds its render mesh from what it reads. */
@SlowTest
class CanonicalMeshTest {

    @TempDir
    Path dir;

    @Test
    void theRenderMeshIsTheParsedMeshInFloats() throws IOException {
        CanonicalMesh face = CanonicalMesh.read(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));
        org.dmask.mask.avatar.AvatarMesh render = org.dmask.mask.avatar.AvatarMesh.of(face);
        assertEquals(FaceLandmarks.MESH, face.vertexCount());
        assertArrayEquals(face.triangles(), render.triangles());
        for (int i = 0; i < face.vertices().length; i++) {
            assertEquals((float) face.vertices()[i], render.positions()[i], "coordinate " + i);
        }
    }

    @Test
    void aMeshThatIsNotTheCanonicalFaceIsRefusedWithWhere() throws IOException {
        Path three = Files.write(dir.resolve("three.obj"), List.of("v 0 0 0", "v 1 0 0", "v 0 1 0", "f 1/1 2/2 3/3"));
        IOException e = assertThrows(IOException.class, () -> CanonicalMesh.read(three));
        assertTrue(e.getMessage().contains("3 vertices"), e.getMessage());

        List<String> quad = new ArrayList<>();
        for (int i = 0; i < FaceLandmarks.MESH; i++) {
            quad.add("v " + i + " 0 0");
        }
        quad.add("f 1 2 3 4");
        Path quads = Files.write(dir.resolve("quad.obj"), quad);
        e = assertThrows(IOException.class, () -> CanonicalMesh.read(quads));
        assertTrue(e.getMessage().contains("line " + (FaceLandmarks.MESH + 1)), e.getMessage());
    }
}
