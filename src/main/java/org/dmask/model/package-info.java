/**
 * The ONNX model registry: where models are found, their checksums, session options, CPU or CUDA.
 *
 * <p>Must not know: what the models mean.
 */
package org.dmask.model;
