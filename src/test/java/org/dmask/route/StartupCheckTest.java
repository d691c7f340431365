package org.dmask.route;

import org.dmask.route.rules.RuleParser;
import org.dmask.route.rules.RuleSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dmask.mask.VideoMasker;
import org.dmask.model.ModelNotAvailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCheckTest {

    @Test
    void foldersAreMadeAndProbedAndNothingIsLeftInThem(@TempDir Path dir) throws Exception {
        Path spool = dir.resolve("spool/incoming");
        StartupCheck check = check(List.of(new StartupCheck.Folder("dmask.dimse.scp.spool-directory", spool)), 0,
                () -> "ok", () -> "ok");
        check.requireKeyAndFolders();
        assertTrue(Files.isDirectory(spool));
        try (var left = Files.list(spool)) {
            assertEquals(0, left.count(), "the probe file is deleted");
        }
    }

    @Test
    void anUnwritableFolderIsOneLineNamingTheSettingAndThePath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data"), "a file where the data folder should be");
        Path work = dir.resolve("data/route");
        Path archive = dir.resolve("archive");
        Files.writeString(archive, "a file, not a folder");
        StartupCheck check = check(List.of(new StartupCheck.Folder("dmask.route.work-directory", work),
                new StartupCheck.Folder("archive target 'archive' (rules.yaml)", archive),
                new StartupCheck.Folder("dmask.audit.file", dir.resolve("audit"))), 0, () -> "ok", () -> "ok");
        ConfigurationException e = assertThrows(ConfigurationException.class, check::requireKeyAndFolders);
        assertEquals("dmask.route.work-directory " + work + ": cannot be created: Not a directory; "
                + "archive target 'archive' (rules.yaml) " + archive + ": exists but is not a folder", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aFolderWithoutTheMinimumFreeSpaceIsRefused(@TempDir Path dir) {
        StartupCheck check = new StartupCheck(() -> "k", List.of(new StartupCheck.Folder("dmask.route.work-directory",
                dir)), Long.MAX_VALUE, "8E", false, checks(() -> "ok", () -> "ok"));
        ConfigurationException e = assertThrows(ConfigurationException.class, check::requireKeyAndFolders);
        assertTrue(e.getMessage().startsWith("dmask.route.work-directory " + dir + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" free, less than dmask.route.min-free-space=8E"), e.getMessage());
    }

    @Test
    void aKeyProblemIsFatalAndComesFirst(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("spool"), "x");
        StartupCheck check = new StartupCheck(() -> {
            throw new ConfigurationException("dmask.deid.key-file /k: group or others may open it (mode 0644)");
        }, List.of(new StartupCheck.Folder("dmask.dimse.scp.spool-directory", dir.resolve("spool"))), 0, "0", true,
                checks(() -> "ok", () -> "ok"));
        ConfigurationException e = assertThrows(ConfigurationException.class, check::requireKeyAndFolders);
        assertEquals("dmask.deid.key-file /k: group or others may open it (mode 0644); "
                + "dmask.dimse.scp.spool-directory " + dir.resolve("spool") + ": exists but is not a folder",
                e.getMessage());
    }

    @Test
    void readinessIsDownWhileModelsAreBeingInstalledAndWithTheReasonWhenTheyAreMissing(@TempDir Path dir)
            throws Exception {
        CountDownLatch installing = new CountDownLatch(1);
        AtomicBoolean installed = new AtomicBoolean();
        StartupCheck check = check(List.of(new StartupCheck.Folder("dmask.route.work-directory", dir)), 0, () -> {
            installing.await(30, TimeUnit.SECONDS);
            if (!installed.get()) {
                throw new ModelNotAvailableException("model file face_landmark_468.onnx (face-landmarks-468) not "
                        + "found in models, ~/.cache/dmask/models");
            }
            return "4 ready";
        }, () -> "CPU path, GL renderer \"llvmpipe\"");
        check.requireKeyAndFolders();
        assertNull(check.readinessProblem(), "nothing pending before the background checks start");
        check.startBackgroundChecks();
        assertEquals("face models being checked; renderer being checked", check.readinessProblem());

        installing.countDown();
        check.awaitBackground(30_000);
        assertEquals("face models: model file face_landmark_468.onnx (face-landmarks-468) not found in models, "
                + "~/.cache/dmask/models", check.readinessProblem());
        assertEquals(Map.of("renderer", "CPU path, GL renderer \"llvmpipe\""), check.passed());
    }

    @Test
    void aRendererThatDoesNotOpenMakesReadinessDownWithItsReason(@TempDir Path dir) throws Exception {
        StartupCheck check = check(List.of(), 0, () -> "4 ready", () -> {
            throw new VideoMasker.MaskException("the renderer does not open (dmask.mask.device=gpu): dmask.mask.device"
                    + "=gpu, but no NVIDIA EGL device was found");
        });
        check.startBackgroundChecks();
        check.awaitBackground(30_000);
        assertEquals("renderer: the renderer does not open (dmask.mask.device=gpu): dmask.mask.device=gpu, but no "
                + "NVIDIA EGL device was found", check.readinessProblem());
        assertEquals(Map.of("models", "4 ready"), check.passed());
    }

    @Test
    void withoutARuleThatMasksModelsAndRendererAreNotNeeded(@TempDir Path dir) throws Exception {
        StartupCheck check = new StartupCheck(() -> "k", List.of(), 0, "0", false, checks(() -> {
            throw new ModelNotAvailableException("missing");
        }, () -> {
            throw new IllegalStateException("no EGL");
        }));
        check.requireKeyAndFolders();
        check.startBackgroundChecks();
        check.awaitBackground(30_000);
        assertNull(check.readinessProblem());
    }

    @Test
    void aFolderThatBreaksLaterMakesReadinessDown(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("work");
        StartupCheck check = check(List.of(new StartupCheck.Folder("dmask.route.work-directory", work)), 0,
                () -> "ok", () -> "ok");
        check.requireKeyAndFolders();
        check.startBackgroundChecks();
        check.awaitBackground(30_000);
        assertNull(check.readinessProblem());
        Files.delete(work);
        Files.writeString(work, "replaced by a file");
        assertEquals("dmask.route.work-directory " + work + ": exists but is not a folder", check.readinessProblem());
    }

    @Test
    void archiveTargetFolders() {
        assertEquals(Path.of("data/archive"), StartupCheck.archiveFolder("archive:data/archive"));
        assertEquals(Path.of("/srv/a"), StartupCheck.archiveFolder("archive:///srv/a?fsync=true"));
        assertNull(StartupCheck.archiveFolder("dicom:PACS@host:104"));
        RuleSet rules = new RuleParser(java.util.Set.of("basic")).parse("rules.yaml", """
                targets:
                  pacs: dicom:PACS@localhost:104
                  research: archive:/srv/research
                rules:
                  - name: all
                    deid: basic
                    targets: [pacs, research]
                """);
        assertEquals(List.of(new StartupCheck.Folder("archive target 'research' (rules.yaml)", Path.of("/srv/research"))),
                StartupCheck.archiveFolders(rules));
    }

    @Test
    void servingModelsLeaveOutTheEvaluationOnlyOne() {
        List<String> names = GatewayService.servingModels(org.dmask.model.ModelManifest.bundled()).stream()
                .map(org.dmask.model.ModelEntry::name).toList();
        assertEquals(List.of("face-detector", "face-landmarks-468", "iris", "canonical-face", "tesseract-eng"), names);
        assertFalse(names.contains("arcface-eval"), "the evaluation-only recognizer is never a serving model");
    }

    private static StartupCheck check(List<StartupCheck.Folder> folders, long minFree,
            java.util.concurrent.Callable<String> models, java.util.concurrent.Callable<String> renderer) {
        return new StartupCheck(() -> "dmask.deid.key", folders, minFree, Long.toString(minFree), true,
                checks(models, renderer));
    }

    private static List<StartupCheck.Background> checks(java.util.concurrent.Callable<String> models,
            java.util.concurrent.Callable<String> renderer) {
        return List.of(new StartupCheck.Background("models", "face models", models),
                new StartupCheck.Background("renderer", "renderer", renderer));
    }
}
