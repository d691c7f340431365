package org.dmask.mask;

import org.dmask.mask.gl.RenderedFrame;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;

/** Pixel classification and measurements on packed RGB frames, for the renderer's tests. */
public final class Pixels {

    private Pixels() {
    }

    public static int rgbAt(byte[] rgb, int width, int x, int y) {
        int i = (y * width + x) * 3;
        return (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
    }

    /** The warm skin: red clearly above blue. Background grey, sclera and iris are not. */
    public static boolean skin(int rgb) {
        return red(rgb) - blue(rgb) >= 15;
    }

    /** The blue-grey iris: blue clearly above red. */
    public static boolean iris(int rgb) {
        return blue(rgb) - red(rgb) >= 30;
    }

    public static int red(int rgb) {
        return rgb >> 16 & 0xff;
    }

    public static int green(int rgb) {
        return rgb >> 8 & 0xff;
    }

    public static int blue(int rgb) {
        return rgb & 0xff;
    }

    /** Count, centroid x, centroid y, min x, max x, min y, max y of the matching pixels inside a box. */
    public record Blob(int count, double cx, double cy, int minX, int maxX, int minY, int maxY) {
    }

    public static Blob blob(RenderedFrame frame, IntPredicate colour) {
        return blob(frame, colour, 0, 0, frame.width(), frame.height());
    }

    public static Blob blob(RenderedFrame frame, IntPredicate colour, int x0, int y0, int x1, int y1) {
        int count = 0;
        double sx = 0;
        double sy = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int y = Math.max(0, y0); y < Math.min(frame.height(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(frame.width(), x1); x++) {
                if (colour.test(rgbAt(frame.rgb(), frame.width(), x, y))) {
                    count++;
                    sx += x;
                    sy += y;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new Blob(count, count == 0 ? Double.NaN : sx / count, count == 0 ? Double.NaN : sy / count,
                minX, maxX, minY, maxY);
    }

    /** Writes a PNG under target/mask-test for a human to look at when a test fails. */
    public static void save(RenderedFrame frame, String name) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                image.setRGB(x, y, rgbAt(frame.rgb(), frame.width(), x, y));
            }
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "mask-test"));
            ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
