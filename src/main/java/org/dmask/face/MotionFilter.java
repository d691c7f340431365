package org.dmask.face;

/**
 * Motion-adaptive low-pass for one signal (the One-Euro filter's idea): still signals are smoothed hard, moving ones
 * pass. Unlike the original One-Euro filter, the speed that opens the filter is the low-passed <em>magnitude</em> of
 * the change, not the low-passed change: an oscillation (nystagmus) averages to zero velocity and would otherwise
 * be smoothed away. With the defaults a 10 Hz oscillation of 1 degree at 30 fps keeps at least 90% of its amplitude
 * (see MotionFilterTest).
 */
public final class MotionFilter {

    private final double minCutoffHz;
    private final double beta;
    private final double speedCutoffHz;
    private double value = Double.NaN;
    private double speed;

    /**
     * @param minCutoffHz   cut-off when still
     * @param beta          added cut-off (Hz) per unit/s of speed
     * @param speedCutoffHz cut-off of the speed estimate
     */
    public MotionFilter(double minCutoffHz, double beta, double speedCutoffHz) {
        this.minCutoffHz = minCutoffHz;
        this.beta = beta;
        this.speedCutoffHz = speedCutoffHz;
    }

    /** Defaults for gaze angles in degrees. */
    public static MotionFilter forDegrees() {
        return forUnit(1.0);
    }

    /** The same response for a signal where {@code unitPerDegree} of it corresponds to one degree of gaze. */
    public static MotionFilter forUnit(double unitPerDegree) {
        return new MotionFilter(1.0, 2.0 / unitPerDegree, 3.0);
    }

    /** The filtered value of x, sampled dt seconds after the previous one. NaN (no measurement) resets. */
    public double filter(double x, double dt) {
        if (Double.isNaN(x)) {
            value = Double.NaN;
            return x;
        }
        if (Double.isNaN(value) || dt <= 0) {
            value = x;
            speed = 0;
            return x;
        }
        speed += alpha(speedCutoffHz, dt) * (Math.abs(x - value) / dt - speed);
        value += alpha(minCutoffHz + beta * speed, dt) * (x - value);
        return value;
    }

    private static double alpha(double cutoffHz, double dt) {
        double tau = 1 / (2 * Math.PI * cutoffHz);
        return 1 / (1 + tau / dt);
    }
}
