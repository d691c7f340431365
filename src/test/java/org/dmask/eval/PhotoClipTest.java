package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dmask.face.BgrImage;
import org.dmask.video.FrameRate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A photo made into a clip: frame count and size, and the view's zoom, pan and roll where they were asked for. */
class PhotoClipTest {

    /** A 400×300 grey photo with a dark 8×8 square whose centre is at (304, 154). */
    private static Path photo(Path dir) throws IOException {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, 400, 300);
        g.setColor(Color.BLACK);
        g.fillRect(300, 150, 8, 8);
        g.dispose();
        Path file = dir.resolve("marker_1.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void theMarkerMovesAsTheZoomPanAndRollSay(@TempDir Path dir) throws IOException {
        Path clip = dir.resolve("clip.mp4");
        PhotoClip.Motion motion = new PhotoClip.Motion(0.2, 0.1, 10);
        int frames = PhotoClip.write(photo(dir), clip, 200, 200, 10, new FrameRate(10, 1), motion);
        List<BgrImage> decoded = FrameSampler.all(clip);
        assertEquals(10, frames);
        assertEquals(10, decoded.size());
        // Fitted inside 200×200 with the photo's 4:3 aspect.
        assertEquals(200, decoded.get(0).width());
        assertEquals(150, decoded.get(0).height());
        for (int i = 0; i < decoded.size(); i++) {
            double t = i / 10.0;
            double scale = 0.5 * (1 + 0.2 * t);
            double cx = 200 + 0.1 * t * 200 / scale, cy = 150;
            double roll = Math.toRadians(10 * (t - 0.5));
            double vx = 304 - cx, vy = 154 - cy;
            double x = 100 + (Math.cos(roll) * vx - Math.sin(roll) * vy) * scale;
            double y = 75 + (Math.sin(roll) * vx + Math.cos(roll) * vy) * scale;
            double[] found = darkCentroid(decoded.get(i));
            assertEquals(x, found[0], 0.75, "frame " + i + " x");
            assertEquals(y, found[1], 0.75, "frame " + i + " y");
        }
        // The marker really moved: from the first frame to the last, by more than the tolerance many times over.
        double[] first = darkCentroid(decoded.get(0)), last = darkCentroid(decoded.get(9));
        assertTrue(Math.hypot(last[0] - first[0], last[1] - first[1]) > 5);
    }

    @Test
    void aFileThatIsNoPhotoIsAClearError(@TempDir Path dir) throws IOException {
        Path notAPhoto = Files.writeString(dir.resolve("someone_1.jpg"), "not a JPEG");
        IOException e = assertThrows(IOException.class, () -> PhotoClip.write(notAPhoto, dir.resolve("c.mp4"), 200,
                200, 5, new FrameRate(10, 1), PhotoClip.Motion.SLOW));
        assertTrue(e.getMessage().contains("someone_1.jpg") && e.getMessage().contains("not a photo"),
                e.getMessage());
        assertTrue(!Files.exists(dir.resolve("c.mp4")), "no clip written");
    }

    /** Centre of the pixels darker than 100 (the marker), weighted by how dark. */
    private static double[] darkCentroid(BgrImage f) {
        double sx = 0, sy = 0, sw = 0;
        byte[] p = f.bgr();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int v = p[(y * f.width() + x) * 3 + 1] & 0xff;
                if (v < 100) {
                    double w = 200 - v;
                    sx += w * (x + 0.5);
                    sy += w * (y + 0.5);
                    sw += w;
                }
            }
        }
        assertTrue(sw > 0, "the marker is in the frame");
        return new double[] {sx / sw, sy / sw};
    }
}
