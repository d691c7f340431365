package org.dmask.eval;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.dmask.face.BgrImage;
import org.dmask.video.FrameRate;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.VideoFormat;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;

/**
 * A still photo made into a short H.264 clip, so that the mask, which tracks a face through a video, can be measured
 * on photos: a slow zoom towards the centre, a slow pan and a slight roll, each linear over the clip. The photo is
 * fitted inside a frame of at most {@code maxWidth × maxHeight} (its own aspect, even sides); where the roll reaches
 * past the photo's edge the edge pixel is repeated.
 */
public final class PhotoClip {

    /**
     * How the view moves over the clip.
     *
     * @param zoomPerSecond growth of the magnification a second (0.04: 4% a second)
     * @param panPerSecond  horizontal drift of the view's centre a second, as a share of the frame's width
     * @param rollDegrees   total roll over the clip, from -rollDegrees/2 to +rollDegrees/2
     */
    public record Motion(double zoomPerSecond, double panPerSecond, double rollDegrees) {

        /** The identity test's motion: 4% a second zoom, 2% of the width a second pan, 3° of roll. */
        public static final Motion SLOW = new Motion(0.04, 0.02, 3);
    }

    private PhotoClip() {
    }

    /** Reads a JPEG or PNG photo (transparent pixels over mid grey) as BGR; a clear error if it is not one. */
    public static BgrImage read(Path photo) throws IOException {
        BufferedImage image = ImageIO.read(photo.toFile());
        if (image == null) {
            throw new IOException(photo + ": not a photo this reader knows (JPEG or PNG)");
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.setColor(new java.awt.Color(128, 128, 128));
        g.fillRect(0, 0, bgr.getWidth(), bgr.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return BgrImage.of(bgr);
    }

    /**
     * Writes the clip of {@code photo} to {@code out} (MP4, H.264) and returns its frame count.
     *
     * @param frames how many frames, at {@code rate}
     */
    public static int write(Path photo, Path out, int maxWidth, int maxHeight, int frames, FrameRate rate,
            Motion motion) throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("a clip needs at least one frame, not " + frames);
        }
        BgrImage still = read(photo);
        double fit = Math.min((double) maxWidth / still.width(), (double) maxHeight / still.height());
        int width = Math.max(2, (int) Math.round(still.width() * fit) & ~1);
        int height = Math.max(2, (int) Math.round(still.height() * fit) & ~1);
        VideoFormat format = new VideoFormat(width, height, rate, frames, false);
        Path dir = out.toAbsolutePath().getParent();
        try (H264Mp4Sink sink = H264Mp4Sink.create(format, VideoSettings.defaults().withPipeline(1, 1)
                .withTempDirectory(dir), null)) {
            VideoFrame frame = new VideoFrame(width, height);
            for (int i = 0; i < frames; i++) {
                frame(still, i / rate.fps(), frames / rate.fps(), motion, frame.bgr(), width, height);
                sink.write(frame);
            }
            sink.finish();
            try {
                Files.move(sink.file(), out, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(sink.file());
            }
        }
        return frames;
    }

    /** Frame at {@code t} seconds of a clip {@code length} seconds long, by inverse mapping and bilinear sampling. */
    static void frame(BgrImage still, double t, double length, Motion motion, byte[] out, int width, int height) {
        double scale = (double) width / still.width() * (1 + motion.zoomPerSecond() * t);
        double roll = Math.toRadians(motion.rollDegrees() * (t / Math.max(length, 1e-9) - 0.5));
        double cos = Math.cos(roll), sin = Math.sin(roll);
        // The view's centre in the photo drifts right from the middle, by a share of the frame's width.
        double cx = still.width() / 2.0 + motion.panPerSecond() * t * width / scale;
        double cy = still.height() / 2.0;
        byte[] src = still.bgr();
        int sw = still.width(), sh = still.height();
        for (int y = 0; y < height; y++) {
            double dy = y + 0.5 - height / 2.0;
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - width / 2.0;
                double sx = cx + (cos * dx + sin * dy) / scale - 0.5;
                double sy = cy + (-sin * dx + cos * dy) / scale - 0.5;
                sx = Math.max(0, Math.min(sw - 1, sx));
                sy = Math.max(0, Math.min(sh - 1, sy));
                int x0 = (int) sx, y0 = (int) sy;
                int x1 = Math.min(sw - 1, x0 + 1), y1 = Math.min(sh - 1, y0 + 1);
                double fx = sx - x0, fy = sy - y0;
                int o = (y * width + x) * 3;
                int a = (y0 * sw + x0) * 3, b = (y0 * sw + x1) * 3, c = (y1 * sw + x0) * 3, d = (y1 * sw + x1) * 3;
                for (int k = 0; k < 3; k++) {
                    double top = (src[a + k] & 0xff) * (1 - fx) + (src[b + k] & 0xff) * fx;
                    double bottom = (src[c + k] & 0xff) * (1 - fx) + (src[d + k] & 0xff) * fx;
                    out[o + k] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
    }
}
