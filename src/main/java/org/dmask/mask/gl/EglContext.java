package org.dmask.mask.gl;

import org.dmask.mask.DevicePreference;

import static org.lwjgl.egl.EGL10.EGL_ALPHA_SIZE;
import static org.lwjgl.egl.EGL10.EGL_BLUE_SIZE;
import static org.lwjgl.egl.EGL10.EGL_GREEN_SIZE;
import static org.lwjgl.egl.EGL10.EGL_NONE;
import static org.lwjgl.egl.EGL10.EGL_NO_CONTEXT;
import static org.lwjgl.egl.EGL10.EGL_NO_SURFACE;
import static org.lwjgl.egl.EGL10.EGL_RED_SIZE;
import static org.lwjgl.egl.EGL10.EGL_SURFACE_TYPE;
import static org.lwjgl.egl.EGL10.eglChooseConfig;
import static org.lwjgl.egl.EGL10.eglCreateContext;
import static org.lwjgl.egl.EGL10.eglDestroyContext;
import static org.lwjgl.egl.EGL10.eglGetError;
import static org.lwjgl.egl.EGL10.eglMakeCurrent;
import static org.lwjgl.egl.EGL12.EGL_RENDERABLE_TYPE;
import static org.lwjgl.egl.EGL12.eglBindAPI;
import static org.lwjgl.egl.EGL13.EGL_PBUFFER_BIT;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_BIT;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MAJOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MINOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_OPENGL_PROFILE_MASK;

import org.jboss.logging.Logger;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL11C;
import org.lwjgl.system.MemoryStack;

/**
 * An OpenGL 3.3 core context with no surface, current on the thread that made it. Each render worker owns one:
 * a GL context can be current on only one thread at a time, and sharing one would serialise the workers.
 */
public final class EglContext implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EglContext.class);

    private final EglDisplay display;
    private final long context;
    private final Thread owner;
    private final String renderer;
    private final String glVersion;
    private boolean closed;

    private EglContext(EglDisplay display, long context, String renderer, String glVersion) {
        this.display = display;
        this.context = context;
        this.owner = Thread.currentThread();
        this.renderer = renderer;
        this.glVersion = glVersion;
    }

    /** Creates a context and makes it current on the calling thread. */
    public static EglContext createCurrent(DevicePreference preference) {
        EglDisplay display = EglDisplay.acquire(preference);
        try {
            long context = createContext(display.handle);
            if (!eglMakeCurrent(display.handle, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
                eglDestroyContext(display.handle, context);
                throw new RendererUnavailableException("eglMakeCurrent without a surface failed (EGL error 0x"
                        + Integer.toHexString(eglGetError()) + ")");
            }
            GL.createCapabilities();
            String renderer = GL11C.glGetString(GL11C.GL_RENDERER);
            String version = GL11C.glGetString(GL11C.GL_VERSION);
            LOG.infof("EGL context on thread %s: %s path, GL renderer \"%s\", GL %s",
                    Thread.currentThread().getName(), display.path, renderer, version);
            return new EglContext(display, context, renderer, version);
        } catch (RuntimeException | LinkageError e) {
            EglDisplay.release(display);
            throw e;
        }
    }

    private static long createContext(long dpy) {
        if (!eglBindAPI(EGL_OPENGL_API)) {
            throw new RendererUnavailableException("this EGL has no desktop OpenGL API");
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            // Without EGL_SURFACE_TYPE Mesa offers no config at all, though we never create the pbuffer.
            var configAttributes = stack.ints(
                    EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
                    EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8,
                    EGL_NONE);
            PointerBuffer configs = stack.mallocPointer(1);
            var count = stack.mallocInt(1);
            if (!eglChooseConfig(dpy, configAttributes, configs, count) || count.get(0) == 0) {
                throw new RendererUnavailableException("no EGL config for OpenGL with 8-bit RGBA (EGL error 0x"
                        + Integer.toHexString(eglGetError()) + ")");
            }
            var contextAttributes = stack.ints(
                    EGL_CONTEXT_MAJOR_VERSION, 3,
                    EGL_CONTEXT_MINOR_VERSION, 3,
                    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                    EGL_NONE);
            long context = eglCreateContext(dpy, configs.get(0), EGL_NO_CONTEXT, contextAttributes);
            if (context == EGL_NO_CONTEXT) {
                throw new RendererUnavailableException("no OpenGL 3.3 core context (EGL error 0x"
                        + Integer.toHexString(eglGetError()) + ")");
            }
            return context;
        }
    }

    public RenderPath path() {
        return display.path;
    }

    /** The GL_RENDERER string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
    public String renderer() {
        return renderer;
    }

    public String glVersion() {
        return glVersion;
    }

    /** Fails unless called on the thread this context is current on. */
    void checkThread() {
        if (closed) {
            throw new IllegalStateException("EGL context already closed");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("EGL context of thread " + owner.getName() + " used from "
                    + Thread.currentThread().getName());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkThread();
        closed = true;
        // No GL.setCapabilities(null) here: when every context has the same entry points (Mesa), LWJGL keeps one
        // process-wide capabilities object, and clearing it would pull the GL functions from under the other render
        // threads (seen: a JVM abort in another lane's close).
        eglMakeCurrent(display.handle, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display.handle, context);
        EglDisplay.release(display);
    }
}
