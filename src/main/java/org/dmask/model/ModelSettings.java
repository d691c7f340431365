package org.dmask.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the registry finds and runs models, independent of CDI (tests build it directly).
 *
 * @param searchPath          directories looked in, in order (the models directory, then the cache directory)
 * @param intraOpThreads      ONNX Runtime threads inside one operator (0: ONNX Runtime's default, one per core)
 * @param interOpThreads      threads across operators (0: default)
 * @param executionProvider   {@code auto} (CUDA when this build of ONNX Runtime has it and a GPU answers, else CPU),
 *                            {@code cpu}, or {@code cuda} (fail when CUDA is not usable)
 * @param evalDir             the only directory evaluation-only models are looked for in (never on the search path)
 */
public record ModelSettings(List<Path> searchPath, int intraOpThreads, int interOpThreads, String executionProvider,
        Optional<Path> evalDir) {

    public ModelSettings {
        searchPath = List.copyOf(searchPath);
        if (!List.of("auto", "cpu", "cuda").contains(executionProvider)) {
            throw new IllegalArgumentException("dmask.model.execution-provider must be auto, cpu or cuda, not '"
                    + executionProvider + "'");
        }
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0: ONNX Runtime default)");
        }
        // The serving path must never load an evaluation-only model, so the two folders stay apart.
        Optional<Path> eval = evalDir.map(d -> d.toAbsolutePath().normalize());
        if (eval.isPresent() && searchPath.stream().anyMatch(d -> d.toAbsolutePath().normalize().equals(eval.get()))) {
            throw new IllegalArgumentException("dmask.model.eval-dir " + eval.get()
                    + " must not be dmask.model.dir or dmask.model.cache-dir: evaluation-only models are never served");
        }
    }

    /** Without an evaluation folder: evaluation-only models are not available. */
    public ModelSettings(List<Path> searchPath, int intraOpThreads, int interOpThreads, String executionProvider) {
        this(searchPath, intraOpThreads, interOpThreads, executionProvider, Optional.empty());
    }

    /** Search path only, CPU, ONNX Runtime's default threads. */
    public static ModelSettings cpu(Path... dirs) {
        return new ModelSettings(List.of(dirs), 0, 0, "cpu");
    }

    /** The directories an entry is looked for in: the evaluation folder for evaluation-only models, else the path. */
    public List<Path> searchPathOf(ModelEntry entry) {
        return entry.evalOnly() ? evalDir.map(List::of).orElse(List.of()) : searchPath;
    }
}
