package org.dmask.model;

import java.nio.file.Path;
import java.util.List;

/**
 * How the registry finds and runs models, independent of CDI (tests build it directly).
 *
 * @param searchPath          directories looked in, in order (the models directory, then the cache directory)
 * @param intraOpThreads      ONNX Runtime threads inside one operator (0: ONNX Runtime's default, one per core)
 * @param interOpThreads      threads across operators (0: default)
 * @param executionProvider   {@code auto} (CUDA when this build of ONNX Runtime has it and a GPU answers, else CPU),
 *                            {@code cpu}, or {@code cuda} (fail when CUDA is not usable)
 */
public record ModelSettings(List<Path> searchPath, int intraOpThreads, int interOpThreads, String executionProvider) {

    public ModelSettings {
        searchPath = List.copyOf(searchPath);
        if (!List.of("auto", "cpu", "cuda").contains(executionProvider)) {
            throw new IllegalArgumentException("dmask.model.execution-provider must be auto, cpu or cuda, not '"
                    + executionProvider + "'");
        }
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0: ONNX Runtime default)");
        }
    }

    /** Search path only, CPU, ONNX Runtime's default threads. */
    public static ModelSettings cpu(Path... dirs) {
        return new ModelSettings(List.of(dirs), 0, 0, "cpu");
    }
}
