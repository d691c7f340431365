package org.dmask.video;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A frame rate as the exact fraction video containers carry (30000/1001, 25/1), not a rounded double. */
public record FrameRate(int numerator, int denominator) {

    public FrameRate {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("frame rate " + numerator + "/" + denominator);
        }
        int g = gcd(numerator, denominator);
        numerator /= g;
        denominator /= g;
    }

    /**
     * The rate for a DICOM Frame Time in milliseconds. 33.3333 ms becomes 30/1 and 33.3667 ms 30000/1001: the
     * standard rates are recognised within the precision a DS value of Frame Time carries.
     */
    public static FrameRate ofFrameTimeMillis(double frameTimeMs) {
        if (!(frameTimeMs > 0) || Double.isInfinite(frameTimeMs)) {
            throw new IllegalArgumentException("frame time " + frameTimeMs + " ms");
        }
        double fps = 1000.0 / frameTimeMs;
        for (int base : new int[] {24, 30, 48, 60, 120}) {
            if (Math.abs(fps - base * 1000.0 / 1001) < 1e-3) {
                return new FrameRate(base * 1000, 1001);
            }
        }
        long rounded = Math.round(fps);
        if (Math.abs(fps - rounded) < 1e-3 && rounded > 0) {
            return new FrameRate((int) rounded, 1);
        }
        // Any other rate: keep it to the microsecond, which is what a DS value of milliseconds can say.
        return new FrameRate(1_000_000, (int) Math.round(frameTimeMs * 1000));
    }

    public double fps() {
        return (double) numerator / denominator;
    }

    /** Frame Time (0018,1063) in milliseconds. */
    public double frameTimeMillis() {
        return 1000.0 * denominator / numerator;
    }

    /** Frame Time as a DS string: at most 16 characters. */
    public String frameTimeDS() {
        BigDecimal ms = BigDecimal.valueOf(1000L * denominator).divide(BigDecimal.valueOf(numerator), 8,
                RoundingMode.HALF_EVEN).stripTrailingZeros();
        String s = ms.toPlainString();
        if (s.length() > 16) {
            s = ms.setScale(Math.max(0, 16 - 1 - ms.precision() + ms.scale()), RoundingMode.HALF_EVEN)
                    .toPlainString();
        }
        return s;
    }

    /** Cine Rate and Recommended Display Frame Rate are IS: whole frames per second. */
    public int roundedFps() {
        return (int) Math.max(1, Math.round(fps()));
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
