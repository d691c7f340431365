package org.dmask.mask.gl;

import org.dmask.mask.DevicePreference;

import static org.lwjgl.egl.EGL10.EGL_EXTENSIONS;
import static org.lwjgl.egl.EGL10.EGL_VERSION;
import static org.lwjgl.egl.EGL10.eglGetError;
import static org.lwjgl.egl.EGL10.eglInitialize;
import static org.lwjgl.egl.EGL10.eglQueryString;

import java.util.Optional;
import org.jboss.logging.Logger;
import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.egl.EXTDeviceEnumeration;
import org.lwjgl.egl.EXTDeviceQuery;
import org.lwjgl.egl.EXTPlatformDevice;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * The process's one initialised EGL display, shared by every worker's context and reference counted: EGL
 * displays are per process, and terminating one would pull it from under the other threads' contexts.
 *
 * <p>Chosen once: an NVIDIA EGL device (EGL_EXT_platform_device) is the GPU path; otherwise Mesa's surfaceless
 * platform, whose renderer is llvmpipe, is the CPU path. Neither needs a window system.
 */
final class EglDisplay {

    private static final Logger LOG = Logger.getLogger(EglDisplay.class);

    /** EGL_PLATFORM_SURFACELESS_MESA (EGL_MESA_platform_surfaceless); LWJGL has no constant for it. */
    static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
    private static final String NVIDIA_DEVICE_EXTENSION = "EGL_NV_device_cuda";

    static {
        // Load GL entry points through eglGetProcAddress, so no libGL/GLX is needed on a headless GPU host.
        Configuration.OPENGL_CONTEXT_API.set("EGL");
    }

    private static EglDisplay shared;
    private static int users;

    final long handle;
    final RenderPath path;
    final DevicePreference preference;
    final String description;

    private EglDisplay(long handle, RenderPath path, DevicePreference preference, String description) {
        this.handle = handle;
        this.path = path;
        this.preference = preference;
        this.description = description;
    }

    static synchronized EglDisplay acquire(DevicePreference preference) {
        if (shared == null) {
            shared = open(preference);
            LOG.infof("mask renderer: %s path, %s", shared.path, shared.description);
        } else if (!compatible(shared, preference)) {
            throw new IllegalStateException("EGL display already open on the " + shared.path
                    + " path; cannot also use " + preference + " in this process");
        }
        users++;
        return shared;
    }

    static synchronized void release(EglDisplay display) {
        if (display != shared || users == 0) {
            throw new IllegalStateException("EGL display released more often than acquired");
        }
        // The display stays initialised for the life of the process, even with no context left: terminating it
        // lets Mesa unload its driver, while LWJGL keeps the GL entry points it looked up first for every later
        // context; a re-initialised driver then leaves those stale (seen: a JVM abort in a render thread).
        users--;
    }

    private static boolean compatible(EglDisplay open, DevicePreference wanted) {
        return wanted == DevicePreference.AUTO || wanted == open.preference
                || (wanted == DevicePreference.GPU ? open.path == RenderPath.GPU : open.path == RenderPath.CPU);
    }

    private static EglDisplay open(DevicePreference preference) {
        EGLCapabilities client = clientCapabilities();
        if (preference != DevicePreference.CPU) {
            Optional<EglDisplay> gpu = openNvidiaDevice(client, preference);
            if (gpu.isPresent()) {
                return gpu.get();
            }
            if (preference == DevicePreference.GPU) {
                throw new RendererUnavailableException("dmask.mask.device=gpu, but no NVIDIA EGL device was found "
                        + "(needs the NVIDIA driver's libEGL_nvidia and EGL_EXT_platform_device)");
            }
        }
        return openMesaSurfaceless(client, preference);
    }

    private static EGLCapabilities clientCapabilities() {
        try {
            return EGL.getCapabilities();
        } catch (LinkageError | RuntimeException e) {
            throw new RendererUnavailableException("no EGL library could be loaded (libEGL.so.1): install "
                    + "libegl1, libegl-mesa0 and libgl1-mesa-dri for the CPU path, or the NVIDIA driver for the GPU", e);
        }
    }

    private static Optional<EglDisplay> openNvidiaDevice(EGLCapabilities client, DevicePreference preference) {
        if (!client.EGL_EXT_device_enumeration || !client.EGL_EXT_device_query || !client.EGL_EXT_platform_device) {
            LOG.debug("EGL device enumeration not available; no GPU path");
            return Optional.empty();
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var count = stack.mallocInt(1);
            if (EXTDeviceEnumeration.neglQueryDevicesEXT(0, MemoryUtil.NULL, MemoryUtil.memAddress(count)) == 0) {
                return Optional.empty();
            }
            PointerBuffer devices = stack.mallocPointer(Math.max(1, count.get(0)));
            if (!EXTDeviceEnumeration.eglQueryDevicesEXT(devices, count)) {
                return Optional.empty();
            }
            for (int i = 0; i < count.get(0); i++) {
                long device = devices.get(i);
                String extensions = EXTDeviceQuery.eglQueryDeviceStringEXT(device, EGL_EXTENSIONS);
                if (extensions == null || !extensions.contains(NVIDIA_DEVICE_EXTENSION)) {
                    continue;
                }
                long dpy = platformDisplay(client, EXTPlatformDevice.EGL_PLATFORM_DEVICE_EXT, device);
                Optional<String> version = initialise(dpy);
                if (version.isPresent()) {
                    return Optional.of(new EglDisplay(dpy, RenderPath.GPU, preference,
                            "NVIDIA EGL device " + i + " of " + count.get(0) + ", EGL " + version.get()));
                }
                LOG.warnf("NVIDIA EGL device %d did not initialise (EGL error 0x%x)", i, eglGetError());
            }
        }
        return Optional.empty();
    }

    private static EglDisplay openMesaSurfaceless(EGLCapabilities client, DevicePreference preference) {
        String clientExtensions = eglQueryString(MemoryUtil.NULL, EGL_EXTENSIONS);
        if (clientExtensions == null || !clientExtensions.contains("EGL_MESA_platform_surfaceless")) {
            throw new RendererUnavailableException("no EGL display: neither an NVIDIA device nor Mesa's surfaceless "
                    + "platform (install libegl-mesa0 and libgl1-mesa-dri); client extensions: " + clientExtensions);
        }
        long dpy = platformDisplay(client, EGL_PLATFORM_SURFACELESS_MESA, MemoryUtil.NULL);
        String version = initialise(dpy).orElseThrow(() -> new RendererUnavailableException(
                "Mesa surfaceless EGL display did not initialise (EGL error 0x" + Integer.toHexString(eglGetError())
                        + "); is libgl1-mesa-dri installed?"));
        return new EglDisplay(dpy, RenderPath.CPU, preference, "Mesa surfaceless, EGL " + version);
    }

    /**
     * eglGetPlatformDisplay through a raw call: LWJGL's wrapper rejects the NULL native display that the
     * surfaceless platform takes. The attribute list is NULL, so the EXT and 1.5 entry points behave alike.
     */
    private static long platformDisplay(EGLCapabilities client, int platform, long nativeDisplay) {
        long function = client.eglGetPlatformDisplay != MemoryUtil.NULL
                ? client.eglGetPlatformDisplay : client.eglGetPlatformDisplayEXT;
        if (function == MemoryUtil.NULL) {
            throw new RendererUnavailableException("libEGL has neither eglGetPlatformDisplay nor its EXT form");
        }
        return JNI.callPPP(platform, nativeDisplay, MemoryUtil.NULL, function);
    }

    private static Optional<String> initialise(long dpy) {
        if (dpy == MemoryUtil.NULL) {
            return Optional.empty();
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var major = stack.mallocInt(1);
            var minor = stack.mallocInt(1);
            if (!eglInitialize(dpy, major, minor)) {
                return Optional.empty();
            }
            EGL.createDisplayCapabilities(dpy, major.get(0), minor.get(0));
            return Optional.of(major.get(0) + "." + minor.get(0) + " (" + eglQueryString(dpy, EGL_VERSION) + ")");
        }
    }
}
