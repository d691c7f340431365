package org.dmask.mask.gl;

import org.dmask.mask.DevicePreference;
import org.dmask.mask.MaskConfig;
import org.dmask.mask.avatar.AvatarStyle;

/**
 * How a renderer is set up: which EGL display it may use, the multisample count and the avatar's look.
 *
 * @param device  AUTO picks an NVIDIA EGL device when present, else Mesa (CPU)
 * @param samples multisampling per pixel; clamped to what the driver allows
 * @param style   the avatar's colours
 */
public record RenderSettings(DevicePreference device, int samples, AvatarStyle style) {

    public static final RenderSettings DEFAULT = new RenderSettings(DevicePreference.AUTO, 4, AvatarStyle.NEUTRAL);

    public RenderSettings {
        if (device == null || style == null) {
            throw new IllegalArgumentException("device and style are required");
        }
        if (samples < 1 || samples > 16) {
            throw new IllegalArgumentException("samples must be 1..16: " + samples);
        }
    }

    public static RenderSettings from(MaskConfig config) {
        return new RenderSettings(config.device(), config.samples(), AvatarStyle.NEUTRAL);
    }
}
