package org.dmask.model.install;

import java.util.function.Function;

/**
 * Converts a TF.js graph to ONNX and checks the result numerically. The installer depends on this seam, not on the
 * converter's classes, so that the tarball, integrity and canonical-mesh paths run without a converter.
 */
public interface ModelConverter {

    /**
     * The ONNX bytes of a TF.js graph, deterministic for the same input.
     *
     * @param modelJson  the TF.js {@code model.json}
     * @param weightFile the bytes of a weight file named in the model's {@code weightsManifest} (relative to it)
     * @param modelName  the graph's name in the ONNX file
     */
    byte[] convert(byte[] modelJson, Function<String, byte[]> weightFile, String modelName) throws Exception;

    /** The largest absolute difference between the model's outputs and the reference outputs for their input. */
    double maxError(byte[] onnx, byte[] referenceJson) throws Exception;
}
