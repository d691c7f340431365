package org.dmask.model.convert;

/**
 * A model that dmask's converter cannot turn into ONNX, or whose converted form does not reproduce the original's
 * outputs. The message is one line that names the model and what is wrong with it (an operator, a weight, an
 * output value), so that whoever installs the models can act on it without a stack trace.
 */
public final class ConversionException extends Exception {

    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
