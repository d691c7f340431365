package org.dmask.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The application's one {@link ModelRegistry}, built from {@link ModelConfig}. */
@ApplicationScoped
public class ModelRegistryProducer {

    @Inject
    ModelConfig config;

    /** The npm installer ({@code org.dmask.model.install}), looked up rather than imported: it sits above us. */
    @Inject
    Instance<ModelInstaller> installers;

    @Produces
    @ApplicationScoped
    ModelRegistry registry() {
        ModelInstaller installer = config.autoInstall() && installers.isResolvable() ? installers.get() : null;
        return new ModelRegistry(ModelManifest.bundled(), settings(config), installer);
    }

    /** The registry's settings from the configuration (the installer checks against the same ones). */
    public static ModelSettings settings(ModelConfig config) {
        List<Path> dirs = new ArrayList<>();
        config.dir().ifPresent(dirs::add);
        config.cacheDir().ifPresent(dirs::add);
        return new ModelSettings(dirs, config.intraOpThreads(), config.interOpThreads(), config.executionProvider(),
                config.evalDir());
    }

    void close(@Disposes ModelRegistry registry) {
        registry.close();
    }
}
