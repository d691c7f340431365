package org.dmask.mask.gl;

/** Where the avatar is rasterised: on an NVIDIA GPU, or on the CPU by Mesa's llvmpipe. */
public enum RenderPath {
    GPU,
    CPU
}
