package org.dmask.mask;

/** Which EGL display the renderer may use: {@code AUTO} takes an NVIDIA device when there is one, else the CPU. */
public enum DevicePreference {
    AUTO,
    GPU,
    CPU
}
