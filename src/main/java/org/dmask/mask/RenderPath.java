package org.dmask.mask;

/** Where the avatar is rasterised: on an NVIDIA GPU, or on the CPU by Mesa's llvmpipe. */
public enum RenderPath {
    GPU,
    CPU
}
