package org.dmask.pixel;

import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;

/**
 * Native (uncompressed, little-endian) pixel data in memory, frame by frame: grey for reading, and blanking in the
 * image's own sample values. Black is 0 for MONOCHROME2 and RGB, the largest stored value for MONOCHROME1 and the
 * smallest for signed pixels, Y=0 Cb=Cr=128 for YBR_FULL.
 */
final class NativeImage {

    final int rows;
    final int columns;
    final int frames;
    final int samples;
    final int bytesPerSample;
    final int bitsStored;
    final boolean signed;
    final boolean planar;
    final String photometric;
    final byte[] pixels;

    private NativeImage(Attributes ds, byte[] pixels) throws PixelCleaningException {
        rows = ds.getInt(Tag.Rows, 0);
        columns = ds.getInt(Tag.Columns, 0);
        frames = ds.getInt(Tag.NumberOfFrames, 1);
        samples = ds.getInt(Tag.SamplesPerPixel, 1);
        int bitsAllocated = ds.getInt(Tag.BitsAllocated, 0);
        bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        signed = ds.getInt(Tag.PixelRepresentation, 0) == 1;
        planar = ds.getInt(Tag.PlanarConfiguration, 0) == 1;
        photometric = ds.getString(Tag.PhotometricInterpretation, "").strip();
        if (rows <= 0 || columns <= 0 || frames <= 0) {
            throw new PixelCleaningException(rows + " rows, " + columns + " columns, " + frames + " frames");
        }
        boolean grey = samples == 1 && (photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"));
        boolean colour = samples == 3 && bitsAllocated == 8 && (photometric.equals("RGB")
                || photometric.equals("YBR_FULL"));
        if (!(grey && (bitsAllocated == 8 || bitsAllocated == 16) || colour)) {
            throw new PixelCleaningException("native pixel data of " + samples + " sample(s), " + bitsAllocated
                    + " bits allocated, " + photometric + " cannot be cleaned (8 or 16-bit MONOCHROME1/2, 8-bit RGB or"
                    + " YBR_FULL)");
        }
        bytesPerSample = bitsAllocated / 8;
        this.pixels = pixels;
        long needed = (long) frameBytes() * frames;
        if (pixels.length < needed) {
            throw new PixelCleaningException("Pixel Data holds " + pixels.length + " bytes, " + frames + " frames of "
                    + columns + "x" + rows + " need " + needed);
        }
    }

    static NativeImage of(Attributes ds, byte[] pixels) throws PixelCleaningException {
        return new NativeImage(ds, pixels);
    }

    int frameBytes() {
        return rows * columns * samples * bytesPerSample;
    }

    /** Frame {@code f} as 8-bit grey (16-bit frames stretched from their own smallest to largest value). */
    byte[] grey(int f) {
        int n = rows * columns;
        byte[] g = new byte[n];
        int base = f * frameBytes();
        if (samples == 1 && bytesPerSample == 1) {
            System.arraycopy(pixels, base, g, 0, n);
        } else if (samples == 1) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                int v = value16(base + 2 * i);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double scale = max > min ? 255.0 / (max - min) : 0;
            for (int i = 0; i < n; i++) {
                g[i] = (byte) Math.round((value16(base + 2 * i) - min) * scale);
            }
        } else {
            boolean ybr = photometric.equals("YBR_FULL");
            for (int i = 0; i < n; i++) {
                int a = pixels[base + sampleOffset(i, 0)] & 0xff;
                if (ybr) {
                    g[i] = (byte) a;
                } else {
                    int gg = pixels[base + sampleOffset(i, 1)] & 0xff;
                    int b = pixels[base + sampleOffset(i, 2)] & 0xff;
                    g[i] = (byte) ((77 * a + 150 * gg + 29 * b + 128) >> 8);
                }
            }
        }
        return g;
    }

    /** Sets every pixel of {@code r} in frame {@code f} to black. */
    void blank(int f, Region r) {
        int base = f * frameBytes();
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            for (int x = r.x(); x < r.x() + r.width(); x++) {
                int i = y * columns + x;
                if (samples == 3) {
                    boolean ybr = photometric.equals("YBR_FULL");
                    pixels[base + sampleOffset(i, 0)] = 0;
                    pixels[base + sampleOffset(i, 1)] = (byte) (ybr ? 128 : 0);
                    pixels[base + sampleOffset(i, 2)] = (byte) (ybr ? 128 : 0);
                } else if (bytesPerSample == 1) {
                    pixels[base + i] = (byte) black();
                } else {
                    int v = black();
                    pixels[base + 2 * i] = (byte) v;
                    pixels[base + 2 * i + 1] = (byte) (v >> 8);
                }
            }
        }
    }

    private int black() {
        if (photometric.equals("MONOCHROME1")) {
            return signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        }
        return signed ? -(1 << (bitsStored - 1)) : 0;
    }

    private int sampleOffset(int pixel, int sample) {
        return planar ? sample * rows * columns + pixel : pixel * 3 + sample;
    }

    private int value16(int at) {
        int raw = (pixels[at] & 0xff) | (pixels[at + 1] & 0xff) << 8;
        int v = raw & ((1 << bitsStored) - 1);
        return signed && (v & (1 << (bitsStored - 1))) != 0 ? v - (1 << bitsStored) : v;
    }
}
