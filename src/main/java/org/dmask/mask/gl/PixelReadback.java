package org.dmask.mask.gl;

import static org.lwjgl.opengl.GL30C.*;

import java.nio.ByteBuffer;

/**
 * Reads frames back through two pixel buffer objects in turn: frame N's read is started into one while frame
 * N-1's, started a frame earlier, is mapped from the other, so a GPU need not stall the caller on the transfer.
 * Rows come out in GL order (bottom row first); the renderer's projection puts image row 0 there.
 */
final class PixelReadback implements AutoCloseable {

    private final int width;
    private final int height;
    private final int byteCount;
    private final int[] buffers = new int[2];
    private int next;
    private boolean pending;

    PixelReadback(int width, int height) {
        this.width = width;
        this.height = height;
        this.byteCount = Math.multiplyExact(Math.multiplyExact(width, height), 3);
        glGenBuffers(buffers);
        for (int buffer : buffers) {
            glBindBuffer(GL_PIXEL_PACK_BUFFER, buffer);
            glBufferData(GL_PIXEL_PACK_BUFFER, byteCount, GL_STREAM_READ);
        }
        glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    }

    /**
     * Starts reading the bound read framebuffer and returns the pixels of the read started before it (packed
     * RGB), or null when there was none.
     */
    byte[] startReadAndCollectPrevious() {
        int current = next;
        glBindBuffer(GL_PIXEL_PACK_BUFFER, buffers[current]);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, 0L);
        byte[] previous = pending ? map(buffers[1 - current]) : null;
        glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        next = 1 - current;
        pending = true;
        return previous;
    }

    /** The pixels of the last started read, or null when none is pending. */
    byte[] collectPending() {
        if (!pending) {
            return null;
        }
        pending = false;
        byte[] pixels = map(buffers[1 - next]);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        return pixels;
    }

    private byte[] map(int buffer) {
        glBindBuffer(GL_PIXEL_PACK_BUFFER, buffer);
        ByteBuffer mapped = glMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, byteCount, GL_MAP_READ_BIT);
        if (mapped == null) {
            throw new IllegalStateException("cannot map the pixel buffer (GL error 0x"
                    + Integer.toHexString(glGetError()) + ")");
        }
        byte[] pixels = new byte[byteCount];
        mapped.get(pixels);
        glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
        return pixels;
    }

    @Override
    public void close() {
        glDeleteBuffers(buffers);
    }
}
