package org.dmask.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's list of model files ({@code models/manifest.json}, packaged as a class-path resource next to this
 * class). Only names, hashes and provenance: what the models mean is the {@code face} package's business.
 */
public final class ModelManifest {

    /** Where the build puts {@code models/manifest.json}. */
    public static final String RESOURCE = "/org/dmask/model/manifest.json";

    private final Map<String, ModelEntry> byName;

    private ModelManifest(Map<String, ModelEntry> byName) {
        this.byName = byName;
    }

    /** The manifest shipped with dmask. */
    public static ModelManifest bundled() {
        try (InputStream in = ModelManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("model manifest " + RESOURCE + " is not on the class path (build problem)");
            }
            return read(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model manifest " + RESOURCE, e);
        }
    }

    static ModelManifest read(InputStream in, String origin) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            throw new IllegalStateException("model manifest " + origin + ": no \"models\" array");
        }
        Map<String, ModelEntry> byName = new LinkedHashMap<>();
        for (JsonNode m : models) {
            String name = text(m, "name", origin);
            String sha = text(m, "sha256", origin);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException("model manifest " + origin + ": model " + name + " has no valid sha256");
            }
            ModelEntry e = new ModelEntry(name, text(m, "file", origin), sha, m.path("size").asLong(-1),
                    m.path("licence").asText(""), text(m, "source", origin), m.path("use").asText(""));
            if (byName.put(name, e) != null) {
                throw new IllegalStateException("model manifest " + origin + ": model " + name + " listed twice");
            }
        }
        return new ModelManifest(byName);
    }

    private static String text(JsonNode m, String field, String origin) {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalStateException("model manifest " + origin + ": an entry lacks \"" + field + "\": " + m);
        }
        return v.asText();
    }

    public ModelEntry get(String name) {
        ModelEntry e = byName.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no model named '" + name + "' in the model manifest (known: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return e;
    }

    public List<ModelEntry> entries() {
        return List.copyOf(byName.values());
    }
}
