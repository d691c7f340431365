package org.dmask.pixel;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test frames with text planted where devices burn it in (the corners): names, IDs and dates in several fonts and
 * sizes, over a plain or a textured background. Every planted word is known with the box of its ink, so a test can
 * check that the word was blanked and that nothing else changed.
 */
final class PlantedText {

    /** The words a device typically burns in. */
    static final String[][] LINES = {
        {"DOE^JANE"}, {"ID:", "4711-0815"}, {"DOB", "1961-03-14"}, {"2024-11-02", "14:32:07"},
        {"MUELLER,", "HANS"}, {"MRN", "88230417"}, {"ST.", "MARY", "HOSPITAL"}, {"Acc#", "A20241102"},
    };
    static final String[] FONTS = {Font.SANS_SERIF, Font.MONOSPACED, Font.SERIF, "DejaVu Sans Condensed"};

    enum Background { PLAIN, TEXTURED }

    /** One planted word: its text and the box of its ink. */
    record Word(String text, Region ink) {
    }

    /** A frame: packed BGR, width*3 bytes a row, and the words planted in it. */
    record Frame(int width, int height, byte[] bgr, byte[] background, List<Word> words) {

        /** The pixels (y * width + x) where a planted word's ink changed the background. */
        boolean[] ink() {
            boolean[] ink = new boolean[width * height];
            for (int i = 0; i < ink.length; i++) {
                ink[i] = bgr[3 * i] != background[3 * i] || bgr[3 * i + 1] != background[3 * i + 1]
                        || bgr[3 * i + 2] != background[3 * i + 2];
            }
            return ink;
        }

        byte[] grey() {
            byte[] g = new byte[width * height];
            for (int i = 0; i < g.length; i++) {
                int b = bgr[3 * i] & 0xff;
                int gg = bgr[3 * i + 1] & 0xff;
                int r = bgr[3 * i + 2] & 0xff;
                g[i] = (byte) ((29 * b + 150 * gg + 77 * r + 128) >> 8);
            }
            return g;
        }
    }

    private PlantedText() {
    }

    /**
     * A frame with four blocks of text, one per corner.
     *
     * @param colour   endoscopy-like (a reddish lit circle, coloured text) instead of ultrasound-like (grey fan)
     * @param seed     chooses the lines, fonts and sizes
     */
    static Frame frame(int width, int height, boolean colour, Background bg, long seed) {
        return frame(width, height, colour, bg, seed, seed);
    }

    /** As above, the background's noise from its own seed (video frames: the picture moves, the text stays). */
    static Frame frame(int width, int height, boolean colour, Background bg, long seed, long noiseSeed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        paintBackground(img, g, colour, bg, new Random(noiseSeed));
        g.dispose();
        return over(((DataBufferByte) img.getRaster().getDataBuffer()).getData(), width, height, colour, seed);
    }

    /** The words planted over a given picture (packed BGR, e.g. a frame of a real video). */
    static Frame over(byte[] picture, int width, int height, boolean colour, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(picture, 0, target, 0, target.length);
        Graphics2D g = img.createGraphics();
        byte[] background = picture.clone();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        List<Word> words = new ArrayList<>();
        int lineIndex = rnd.nextInt(LINES.length);
        for (int corner = 0; corner < 4; corner++) {
            Font font = new Font(FONTS[rnd.nextInt(FONTS.length)], rnd.nextBoolean() ? Font.BOLD : Font.PLAIN,
                    Math.max(12, height / 40) + rnd.nextInt(Math.max(2, height / 60)));
            g.setFont(font);
            g.setColor(colour ? new Color(0xF0F0F0 | (rnd.nextInt(2) == 0 ? 0 : 0xF0F000))
                    : new Color(225 + rnd.nextInt(30), 225 + rnd.nextInt(30), 225 + rnd.nextInt(30)));
            FontRenderContext frc = g.getFontRenderContext();
            int lineHeight = (int) Math.ceil(font.getSize() * 1.5);
            boolean right = corner % 2 == 1;
            boolean bottom = corner >= 2;
            int y = bottom ? height - 12 - lineHeight : 12 + lineHeight;
            for (int l = 0; l < 2; l++) {
                String[] line = LINES[lineIndex++ % LINES.length];
                int lineWidth = (int) Math.ceil(new TextLayout(String.join(" ", line), font, frc).getAdvance());
                int x = right ? width - 12 - lineWidth : 12;
                for (String word : line) {
                    TextLayout layout = new TextLayout(word, font, frc);
                    java.awt.Rectangle ink = layout.getPixelBounds(frc, x, y);
                    g.drawString(word, x, y);
                    words.add(new Word(word, new Region(ink.x, ink.y, ink.width, ink.height).clipped(width, height)));
                    x += (int) Math.ceil(new TextLayout(word + " ", font, frc).getAdvance());
                }
                y += bottom ? -lineHeight : lineHeight;
            }
        }
        g.dispose();
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
        return new Frame(width, height, bgr, background, List.copyOf(words));
    }

    private static void paintBackground(BufferedImage img, Graphics2D g, boolean colour, Background bg, Random rnd) {
        int w = img.getWidth();
        int h = img.getHeight();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        double cx = w / 2.0;
        double cy = colour ? h / 2.0 : h * 0.08;
        double radius = colour ? h * 0.47 : h * 0.85;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double d = Math.sqrt(dx * dx + dy * dy);
                boolean inside = colour ? d < radius : d < radius && dy > 0 && Math.abs(dx) < dy * 0.9;
                int i = 3 * (y * w + x);
                int noise = bg == Background.TEXTURED ? rnd.nextInt(60) : 0;
                if (!inside) {
                    // the area around the image: black, or speckled for the textured case
                    int v = bg == Background.TEXTURED ? rnd.nextInt(40) : 0;
                    px[i] = (byte) v;
                    px[i + 1] = (byte) v;
                    px[i + 2] = (byte) v;
                } else if (colour) {
                    double shade = 1 - d / radius * 0.6;
                    px[i] = (byte) clamp(40 * shade + noise / 2);
                    px[i + 1] = (byte) clamp(70 * shade + noise / 2);
                    px[i + 2] = (byte) clamp(170 * shade + noise);
                } else {
                    int v = clamp(60 + 50 * Math.sin(d / 9.0) * Math.sin(dx / 23.0) + noise);
                    px[i] = (byte) v;
                    px[i + 1] = (byte) v;
                    px[i + 2] = (byte) v;
                }
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
