package org.dmask.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Resolves manifest models to verified files and hands out one shared ONNX Runtime session per model
 * ({@link OrtSession#run} is thread-safe). The execution provider is chosen once and logged.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ModelManifest manifest;
    private final ModelSettings settings;
    private final ModelInstaller installer;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Map<String, Path> paths = new ConcurrentHashMap<>();
    private final Map<String, OrtSession> sessions = new ConcurrentHashMap<>();
    private volatile String provider;

    /**
     * @param installer builds a missing model from its package and returns; null to fail on a missing model
     */
    public ModelRegistry(ModelManifest manifest, ModelSettings settings, ModelInstaller installer) {
        this.manifest = manifest;
        this.settings = settings;
        this.installer = installer;
    }

    public ModelRegistry(ModelManifest manifest, ModelSettings settings) {
        this(manifest, settings, null);
    }

    public ModelRegistry(ModelSettings settings) {
        this(ModelManifest.bundled(), settings);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * The verified file of a model (resolved and hashed once). A missing model is installed first when the registry
     * has an installer; evaluation-only models are looked for in the evaluation folder only.
     */
    public Path path(String name) {
        ModelEntry entry = manifest.get(name);
        Path known = paths.get(name);
        if (known != null) {
            return known;
        }
        // Resolved outside the map: an install can take minutes and must not block lookups of other models.
        Path resolved = resolve(entry);
        Path raced = paths.putIfAbsent(name, resolved);
        return raced != null ? raced : resolved;
    }

    private Path resolve(ModelEntry entry) {
        ModelResolver resolver = new ModelResolver(settings.searchPathOf(entry));
        if (installer == null || resolver.find(entry).file() != null) {
            return resolver.resolve(entry);
        }
        installer.installFor(entry);
        return resolver.resolve(entry);
    }

    /** The shared session of a model, created on first use. */
    public OrtSession session(String name) {
        return sessions.computeIfAbsent(name, this::open);
    }

    /** {@code CUDA} or {@code CPU}: what the sessions run on (decided on the first session). */
    public String executionProvider() {
        return provider;
    }

    private OrtSession open(String name) {
        Path file = path(name);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String chosen = chooseProvider(options);
            OrtSession session = env.createSession(file.toString(), options);
            if (provider == null) {
                provider = chosen;
            }
            LOG.infof("model %s (%s) loaded on %s, intra-op threads %s, inter-op threads %s", name, file, chosen,
                    threads(settings.intraOpThreads()), threads(settings.interOpThreads()));
            return session;
        } catch (OrtException e) {
            // The sha256 matched, so this is the runtime, not the file: still say which file.
            throw new ModelNotAvailableException("ONNX Runtime cannot load model " + name + " from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private String chooseProvider(OrtSession.SessionOptions options) throws OrtException {
        String wanted = settings.executionProvider();
        if (wanted.equals("cpu")) {
            return "CPU";
        }
        boolean built = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        if (built) {
            try {
                options.addCUDA(0);
                return "CUDA";
            } catch (OrtException | RuntimeException e) {
                if (wanted.equals("cuda")) {
                    throw new ModelNotAvailableException("dmask.model.execution-provider=cuda but CUDA is not usable: "
                            + e.getMessage());
                }
                LOG.infof("CUDA execution provider present but no usable GPU (%s): using the CPU", e.getMessage());
                return "CPU";
            }
        }
        if (wanted.equals("cuda")) {
            throw new ModelNotAvailableException("dmask.model.execution-provider=cuda but this build has the CPU-only"
                    + " ONNX Runtime (build with -Pgpu)");
        }
        LOG.debug("ONNX Runtime built without CUDA (no -Pgpu): using the CPU");
        return "CPU";
    }

    private static String threads(int n) {
        return n == 0 ? "default" : Integer.toString(n);
    }

    @Override
    public void close() {
        for (OrtSession s : sessions.values()) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.debugf("closing a session: %s", e.getMessage());
            }
        }
        sessions.clear();
    }
}
