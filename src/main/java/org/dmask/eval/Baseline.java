package org.dmask.eval;

import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;
import org.dmask.mask.avatar.AvatarStyle;

/**
 * The classic obfuscations the mask is compared with, each applied to the original frame's detected face box
 * (enlarged by {@link #BOX_MARGIN}): a strong Gaussian blur, pixelation into 8×8 blocks, an eye-region crop that
 * keeps only a band around the eyes and blacks out the rest of the frame, and the box removed (filled flat grey).
 *
 * <p>The removed box is the floor for any method that replaces only the face and keeps the rest of the frame, such
 * as the mask's {@code face} mode: nothing of the face is left, so what it still re-identifies is carried by the
 * hair, clothes and background around the face.
 */
public enum Baseline {
    BLUR("blur"), PIXELATE("pixelation"), EYE_CROP("eye-region crop"), REMOVE("face box removed");

    /** The removed box's fill: the mask's neutral background grey. */
    static final byte FILL = (byte) AvatarStyle.NEUTRAL.background()[0];

    static final double BOX_MARGIN = 1.3;
    /** Blur sigma as a fraction of the box width: strong enough that features merge. */
    static final double BLUR_SIGMA = 0.12;
    static final int PIXEL_BLOCKS = 8;
    /** Half-height of the kept eye band, as a fraction of the face box height. */
    static final double EYE_BAND = 0.15;

    private final String label;

    Baseline(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The obfuscated copy; a frame without a detected face (null) is blacked out entirely (fail closed). */
    public BgrImage apply(BgrImage frame, FaceDetection face) {
        int w = frame.width(), h = frame.height();
        byte[] out = frame.bgr().clone();
        if (face == null) {
            return new BgrImage(w, h, new byte[out.length]);
        }
        double bw = face.width() * BOX_MARGIN, bh = face.height() * BOX_MARGIN;
        int x0 = clamp((int) Math.floor(face.cx() - bw / 2), w), x1 = clamp((int) Math.ceil(face.cx() + bw / 2), w);
        int y0 = clamp((int) Math.floor(face.cy() - bh / 2), h), y1 = clamp((int) Math.ceil(face.cy() + bh / 2), h);
        switch (this) {
            case BLUR -> blur(out, w, x0, y0, x1, y1, Math.max(2.0, BLUR_SIGMA * bw));
            case PIXELATE -> pixelate(out, w, x0, y0, x1, y1);
            case EYE_CROP -> {
                double[] k = face.keypoints();
                double eyeY = (k[1] + k[3]) / 2;
                int b0 = clamp((int) Math.floor(eyeY - EYE_BAND * face.height()), h);
                int b1 = clamp((int) Math.ceil(eyeY + EYE_BAND * face.height()), h);
                byte[] black = new byte[out.length];
                for (int y = b0; y < b1; y++) {
                    System.arraycopy(out, (y * w + x0) * 3, black, (y * w + x0) * 3, (x1 - x0) * 3);
                }
                out = black;
            }
            case REMOVE -> {
                for (int y = y0; y < y1; y++) {
                    java.util.Arrays.fill(out, (y * w + x0) * 3, (y * w + x1) * 3, FILL);
                }
            }
        }
        return new BgrImage(w, h, out);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static void pixelate(byte[] px, int w, int x0, int y0, int x1, int y1) {
        for (int by = 0; by < PIXEL_BLOCKS; by++) {
            int ya = y0 + (y1 - y0) * by / PIXEL_BLOCKS, yb = y0 + (y1 - y0) * (by + 1) / PIXEL_BLOCKS;
            for (int bx = 0; bx < PIXEL_BLOCKS; bx++) {
                int xa = x0 + (x1 - x0) * bx / PIXEL_BLOCKS, xb = x0 + (x1 - x0) * (bx + 1) / PIXEL_BLOCKS;
                long[] sum = new long[3];
                int n = 0;
                for (int y = ya; y < yb; y++) {
                    for (int x = xa; x < xb; x++) {
                        for (int c = 0; c < 3; c++) {
                            sum[c] += px[(y * w + x) * 3 + c] & 0xff;
                        }
                        n++;
                    }
                }
                if (n == 0) {
                    continue;
                }
                for (int y = ya; y < yb; y++) {
                    for (int x = xa; x < xb; x++) {
                        for (int c = 0; c < 3; c++) {
                            px[(y * w + x) * 3 + c] = (byte) (sum[c] / n);
                        }
                    }
                }
            }
        }
    }

    /** Separable Gaussian inside the box (samples clamped to the box, so nothing from outside bleeds in). */
    private static void blur(byte[] px, int w, int x0, int y0, int x1, int y1, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            s += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        int bw = x1 - x0, bh = y1 - y0;
        if (bw <= 0 || bh <= 0) {
            return;
        }
        double[] tmp = new double[bw * bh * 3];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int i = -r; i <= r; i++) {
                        int xx = Math.max(0, Math.min(bw - 1, x + i));
                        v += k[i + r] * (px[((y0 + y) * w + x0 + xx) * 3 + c] & 0xff);
                    }
                    tmp[(y * bw + x) * 3 + c] = v;
                }
            }
        }
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int i = -r; i <= r; i++) {
                        int yy = Math.max(0, Math.min(bh - 1, y + i));
                        v += k[i + r] * tmp[(yy * bw + x) * 3 + c];
                    }
                    px[((y0 + y) * w + x0 + x) * 3 + c] = (byte) Math.round(v);
                }
            }
        }
    }
}
