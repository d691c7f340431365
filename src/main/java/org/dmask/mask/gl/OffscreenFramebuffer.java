package org.dmask.mask.gl;

import static org.lwjgl.opengl.GL30C.*;

/**
 * A multisampled colour+depth framebuffer of the frame's size, and a single-sampled one it resolves into,
 * which is then bound for reading. Multisampling smooths the avatar's silhouette and the iris edge.
 */
final class OffscreenFramebuffer implements AutoCloseable {

    final int width;
    final int height;
    final int samples;
    private final int multisampled;
    private final int resolved;
    private final int[] renderbuffers = new int[3];

    OffscreenFramebuffer(int width, int height, int requestedSamples) {
        this.width = width;
        this.height = height;
        this.samples = Math.max(0, Math.min(requestedSamples, glGetInteger(GL_MAX_SAMPLES)));
        glGenRenderbuffers(renderbuffers);

        multisampled = glGenFramebuffers();
        glBindFramebuffer(GL_FRAMEBUFFER, multisampled);
        attach(renderbuffers[0], samples, GL_RGBA8, GL_COLOR_ATTACHMENT0);
        attach(renderbuffers[1], samples, GL_DEPTH_COMPONENT24, GL_DEPTH_ATTACHMENT);
        checkComplete("multisampled");

        resolved = glGenFramebuffers();
        glBindFramebuffer(GL_FRAMEBUFFER, resolved);
        attach(renderbuffers[2], 0, GL_RGBA8, GL_COLOR_ATTACHMENT0);
        checkComplete("resolve");
    }

    private void attach(int renderbuffer, int sampleCount, int format, int attachment) {
        glBindRenderbuffer(GL_RENDERBUFFER, renderbuffer);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, sampleCount, format, width, height);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, attachment, GL_RENDERBUFFER, renderbuffer);
    }

    private static void checkComplete(String which) {
        int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        if (status != GL_FRAMEBUFFER_COMPLETE) {
            throw new RendererUnavailableException(which + " framebuffer incomplete: 0x" + Integer.toHexString(status));
        }
    }

    void bindForDrawing() {
        glBindFramebuffer(GL_FRAMEBUFFER, multisampled);
        glViewport(0, 0, width, height);
    }

    /** Resolves the samples and leaves the single-sampled result bound as the read framebuffer. */
    void resolveForReading() {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved);
        glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved);
    }

    @Override
    public void close() {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glDeleteFramebuffers(multisampled);
        glDeleteFramebuffers(resolved);
        glDeleteRenderbuffers(renderbuffers);
    }
}
