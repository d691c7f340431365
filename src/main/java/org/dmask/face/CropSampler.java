package org.dmask.face;

/** Cuts a rotated square out of a frame into the NHWC RGB [0,1] tensor layout the MediaPipe models take. */
public final class CropSampler {

    private CropSampler() {
    }

    public static float[] rgb01(BgrImage frame, RotatedRect rect, int side, boolean mirror) {
        float[] out = new float[side * side * 3];
        double c = Math.cos(rect.angle());
        double s = Math.sin(rect.angle());
        double step = rect.size() / side;
        int i = 0;
        float[] tap = new float[3], topRight = new float[3], bottomLeft = new float[3], bottomRight = new float[3];
        for (int v = 0; v < side; v++) {
            double dy = ((v + 0.5) / side - 0.5) * rect.size();
            for (int u = 0; u < side; u++) {
                double dx = ((u + 0.5) / side - 0.5) * rect.size();
                if (mirror) {
                    dx = -dx;
                }
                float x = (float) (rect.cx() + dx * c - dy * s);
                float y = (float) (rect.cy() + dx * s + dy * c);
                // Sampling a crop much smaller than the region averages 2x2 taps so small crops do not alias.
                if (step > 2) {
                    float q = (float) (step / 4);
                    frame.sampleRgb(x - q, y - q, tap);
                    frame.sampleRgb(x + q, y - q, topRight);
                    frame.sampleRgb(x - q, y + q, bottomLeft);
                    frame.sampleRgb(x + q, y + q, bottomRight);
                    for (int ch = 0; ch < 3; ch++) {
                        float sum = tap[ch] + topRight[ch] + bottomLeft[ch] + bottomRight[ch];
                        out[i + ch] = sum / (4 * 255f);
                    }
                } else {
                    frame.sampleRgb(x, y, tap);
                    out[i] = tap[0] / 255f;
                    out[i + 1] = tap[1] / 255f;
                    out[i + 2] = tap[2] / 255f;
                }
                i += 3;
            }
        }
        return out;
    }
}
