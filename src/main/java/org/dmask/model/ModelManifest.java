package org.dmask.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** A manifest from a stream ({@code origin} names it in errors). */
    public static ModelManifest read(InputStream in, String origin) throws IOException {
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
                    m.path("licence").asText(""), text(m, "source", origin), m.path("use").asText(""),
                    modelPackage(m, name, origin), text(m, "build", origin), optionalText(m, "reference"),
                    m.path("eval").asBoolean(false));
            checkBuild(e, origin);
            if (byName.put(name, e) != null) {
                throw new IllegalStateException("model manifest " + origin + ": model " + name + " listed twice");
            }
        }
        return new ModelManifest(byName);
    }

    private static ModelPackage modelPackage(JsonNode m, String model, String origin) {
        JsonNode p = m.get("package");
        if (p == null || !p.isObject()) {
            throw new IllegalStateException("model manifest " + origin + ": model " + model + " has no \"package\"");
        }
        String integrity = text(p, "integrity", origin);
        if (!integrity.matches("sha512-[A-Za-z0-9+/]{86}==")) {
            throw new IllegalStateException("model manifest " + origin + ": model " + model
                    + ": package integrity must be sha512-<base64> as npm's dist.integrity, not " + integrity);
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode e : p.path("entries")) {
            entries.add(e.asText());
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException("model manifest " + origin + ": model " + model
                    + ": package lists no \"entries\" to read from the tarball");
        }
        return new ModelPackage(text(p, "name", origin), text(p, "version", origin), integrity, entries,
                optionalText(p, "asset"));
    }

    private static void checkBuild(ModelEntry e, String origin) {
        String problem = switch (e.build()) {
            case ModelEntry.COPY -> e.pkg().entries().size() == 1 ? null : "a copy reads exactly one entry";
            case ModelEntry.GUNZIP -> e.pkg().entries().size() == 1 && e.pkg().entries().get(0).endsWith(".gz")
                    ? null : "a gunzip build reads exactly one .gz entry";
            case ModelEntry.CANONICAL_MESH -> e.pkg().asset().isPresent() && e.pkg().entries().size() == 2
                    ? null : "a canonical-mesh build reads the packed assets and their loader, and names the asset";
            case ModelEntry.TFJS_TO_ONNX -> e.reference().isPresent()
                    && e.pkg().entries().stream().filter(n -> n.endsWith(".json")).count() == 1
                    ? null : "a tfjs-to-onnx build reads one model .json (and its weights) and names its reference";
            default -> "unknown build '" + e.build() + "' (tfjs-to-onnx, copy, gunzip or canonical-mesh)";
        };
        if (problem != null) {
            throw new IllegalStateException("model manifest " + origin + ": model " + e.name() + ": " + problem);
        }
    }

    private static Optional<String> optionalText(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
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
