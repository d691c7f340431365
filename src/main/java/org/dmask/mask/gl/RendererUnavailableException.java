package org.dmask.mask.gl;

/** No usable EGL/OpenGL 3.3 renderer on this host; the message says what is missing. */
public class RendererUnavailableException extends RuntimeException {

    public RendererUnavailableException(String message) {
        super(message);
    }

    public RendererUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
