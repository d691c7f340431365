package org.dmask.face;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** One frame: 8-bit BGR, row-major, no padding (what FFmpeg's bgr24 gives). */
public record BgrImage(int width, int height, byte[] bgr) {

    public BgrImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, not " + width + "x" + height);
        }
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("BGR buffer of " + bgr.length + " bytes does not match " + width + "x"
                    + height + "x3");
        }
    }

    public static BgrImage of(BufferedImage image) {
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            java.awt.Graphics2D g = bgr.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return new BgrImage(bgr.getWidth(), bgr.getHeight(), data.clone());
    }

    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, data, 0, bgr.length);
        return out;
    }

    /** Channel c (0 = B, 1 = G, 2 = R) at (x, y), bilinear, 0 outside the image. */
    float sample(float x, float y, int c) {
        float fx = x - 0.5f;
        float fy = y - 0.5f;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        return bilinear(fx - x0, fy - y0, at(x0, y0, c), at(x0 + 1, y0, c), at(x0, y0 + 1, c),
                at(x0 + 1, y0 + 1, c));
    }

    /** The bilinear blend of a tap's four values at fractions (ax, ay); one formula, so both samplers agree bit for bit. */
    private static float bilinear(float ax, float ay, int topLeft, int topRight, int bottomLeft, int bottomRight) {
        return (1 - ay) * ((1 - ax) * topLeft + ax * topRight) + ay * ((1 - ax) * bottomLeft + ax * bottomRight);
    }

    /**
     * All three channels at (x, y) into {@code rgb[0..2]}, red first: exactly what {@link #sample} gives per
     * channel, but with one floor and one bounds check for the three (crop sampling is on the tracker's critical
     * path: a 256 px face crop took 6-9 ms a frame channel by channel).
     */
    void sampleRgb(float x, float y, float[] rgb) {
        float fx = x - 0.5f;
        float fy = y - 0.5f;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
            for (int k = 0; k < 3; k++) {
                rgb[k] = sample(x, y, 2 - k);
            }
            return;
        }
        float ax = fx - x0;
        float ay = fy - y0;
        int top = (y0 * width + x0) * 3;
        int bottom = top + width * 3;
        for (int k = 0; k < 3; k++) {
            int c = 2 - k;
            rgb[k] = bilinear(ax, ay, bgr[top + c] & 0xff, bgr[top + 3 + c] & 0xff, bgr[bottom + c] & 0xff,
                    bgr[bottom + 3 + c] & 0xff);
        }
    }

    private int at(int x, int y, int c) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return bgr[(y * width + x) * 3 + c] & 0xff;
    }
}
