package org.dmask.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The application's one {@link ModelRegistry}, built from {@link ModelConfig}. */
@ApplicationScoped
public class ModelRegistryProducer {

    @Produces
    @ApplicationScoped
    ModelRegistry registry(ModelConfig config) {
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
