package org.dmask.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.dmask.face.BgrImage;

/**
 * Decodes a clip file (anything FFmpeg reads: .mkv, .mp4, .gif) into BGR frames, one at a time. A stop-gap until
 * {@code org.dmask.video} delivers frames; only this class knows about JavaCV.
 */
public final class ClipFrames implements AutoCloseable {

    private final Path file;
    private final FFmpegFrameGrabber grabber;

    public ClipFrames(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        this.file = file;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FFmpegFrameGrabber.Exception e) {
            String why = String.valueOf(e.getMessage());
            int noise = why.indexOf(" (Has setFormat()"); // JavaCV's generic hint, not about this file
            throw new IOException(file + ": not a video FFmpeg can decode (" + (noise > 0 ? why.substring(0, noise) : why)
                    + ")", e);
        }
        if (grabber.getImageWidth() <= 0) {
            close();
            throw new IOException(file + ": no video stream");
        }
    }

    public double frameRate() {
        double r = grabber.getFrameRate();
        return r > 0 && r < 1000 ? r : 30;
    }

    /** Frame count as the container states it (may be 0 or approximate). */
    public int frameCountHint() {
        return Math.max(0, grabber.getLengthInFrames());
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    /** The next frame, or null at the end. */
    public BgrImage next() throws IOException {
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException(file + ": decoding failed: " + e.getMessage(), e);
        }
        if (f == null || f.image == null) {
            return null;
        }
        int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
        ByteBuffer buf = (ByteBuffer) f.image[0];
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(out, y * w * 3, w * 3);
        }
        buf.rewind();
        return new BgrImage(w, h, out);
    }

    @Override
    public void close() throws IOException {
        try {
            grabber.close();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
