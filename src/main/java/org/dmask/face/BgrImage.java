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
        float ax = fx - x0;
        float ay = fy - y0;
        return (1 - ay) * ((1 - ax) * at(x0, y0, c) + ax * at(x0 + 1, y0, c))
                + ay * ((1 - ax) * at(x0, y0 + 1, c) + ax * at(x0 + 1, y0 + 1, c));
    }

    private int at(int x, int y, int c) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return bgr[(y * width + x) * 3 + c] & 0xff;
    }
}
