package org.dmask.dicom;

import java.io.IOException;

/**
 * RLE Lossless (PS3.5 Annex G) decoding of one frame: a 64-byte header (number of segments, then up to 15 offsets),
 * then one PackBits segment per byte of each sample, most significant byte first, plane after plane. The result is
 * native little endian, color-by-pixel (Planar Configuration 0).
 */
public final class RleDecoder {

    private RleDecoder() {
    }

    /**
     * Decodes a frame of {@code pixels} pixels of {@code samples} samples of {@code bytesPerSample} bytes each. Throws
     * an {@link IOException} saying what is wrong when the frame is not what its header and the image attributes say.
     */
    public static byte[] decodeFrame(byte[] frame, int pixels, int samples, int bytesPerSample) throws IOException {
        if (frame.length < 64) {
            throw new IOException("RLE frame of " + frame.length + " bytes has no 64-byte header");
        }
        int segments = u32(frame, 0);
        int expected = samples * bytesPerSample;
        if (segments != expected) {
            throw new IOException("RLE frame has " + segments + " segments; " + samples + " sample(s) of "
                    + bytesPerSample + " byte(s) need " + expected);
        }
        byte[] out = new byte[pixels * expected];
        for (int s = 0; s < segments; s++) {
            int start = u32(frame, 4 + 4 * s);
            int end = s + 1 < segments ? u32(frame, 8 + 4 * s) : frame.length;
            if (start < 64 || end < start || end > frame.length) {
                throw new IOException("RLE segment " + (s + 1) + " has offsets " + start + ".." + end
                        + " outside the frame of " + frame.length + " bytes");
            }
            int sample = s / bytesPerSample;
            int significance = s % bytesPerSample; // 0: most significant byte
            int stride = expected;
            int at = sample * bytesPerSample + (bytesPerSample - 1 - significance); // little endian in the output
            unpack(frame, start, end, out, at, stride, pixels, s + 1);
        }
        return out;
    }

    /** PackBits: n in 0..127 copies n+1 bytes, -127..-1 repeats the next byte 1-n times, -128 is nothing. */
    private static void unpack(byte[] in, int from, int to, byte[] out, int at, int stride, int count, int segment)
            throws IOException {
        int written = 0;
        int i = from;
        while (written < count && i < to) {
            int n = in[i++];
            if (n >= 0) {
                int run = n + 1;
                if (i + run > to || written + run > count) {
                    throw overrun(segment);
                }
                for (int k = 0; k < run; k++) {
                    out[at + (written++) * stride] = in[i++];
                }
            } else if (n != -128) {
                int run = 1 - n;
                if (i >= to || written + run > count) {
                    throw overrun(segment);
                }
                byte b = in[i++];
                for (int k = 0; k < run; k++) {
                    out[at + (written++) * stride] = b;
                }
            }
        }
        if (written < count) {
            throw new IOException("RLE segment " + segment + " ends after " + written + " of " + count
                    + " bytes");
        }
    }

    private static IOException overrun(int segment) {
        return new IOException("RLE segment " + segment + " decodes to more than the image holds");
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
