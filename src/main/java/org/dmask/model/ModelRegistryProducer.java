package org.dmask.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
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

    @Produces
    @ApplicationScoped
    ModelRegistry registry() {
        List<Path> dirs = new ArrayList<>();
        config.dir().ifPresent(dirs::add);
        config.cacheDir().ifPresent(dirs::add);
        return new ModelRegistry(new ModelSettings(dirs, config.intraOpThreads(), config.interOpThreads(),
                config.executionProvider()));
    }

    void close(@Disposes ModelRegistry registry) {
        registry.close();
    }
}
