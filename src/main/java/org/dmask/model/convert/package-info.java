/**
 * The TF.js to ONNX converter that turns the pinned npm packages into the models dmask runs, deterministically.
 *
 * <p>Must not know: what the models mean, or where they are served from.
 */
package org.dmask.model.convert;
