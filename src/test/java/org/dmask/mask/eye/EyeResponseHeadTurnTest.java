package org.dmask.mask.eye;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** How the mask picks the eye's turn from the horizontal curves measured per head turn (EyeResponse.Eye.yaw). */
@SlowTest
class EyeResponseHeadTurnTest {

    static final float SLOPE = 0.5f, HEAD_H = -20f;

    /** A made-up response: reading = 0.5 · turn + an offset that bends with the head turn (degrees). */
    static float reading(float turn, float headDegrees) {
        return SLOPE * turn - 0.3f * headDegrees + 0.02f * headDegrees * headDegrees;
    }

    static EyeResponse.Eye eye() {
        float[] turns = EyeResponseCalibration.sweep(0);
        EyeResponse.Curve[] byHead = new EyeResponse.Curve[EyeResponse.HEAD_TURNS.length];
        for (int k = 0; k < byHead.length; k++) {
            float[] measured = new float[turns.length];
            for (int i = 0; i < turns.length; i++) {
                measured[i] = reading(turns[i], EyeResponse.HEAD_TURNS[k]);
            }
            byHead[k] = new EyeResponse.Curve(turns, measured);
        }
        EyeResponse.Curve[] curves = new EyeResponse.Curve[EyeResponse.SIGNALS.length];
        EyeResponse.Table[] flat = new EyeResponse.Table[EyeResponse.SIGNALS.length];
        for (int s = 0; s < curves.length; s++) {
            curves[s] = byHead[3];
            flat[s] = new EyeResponse.Table(turns, new float[turns.length]);
        }
        return new EyeResponse.Eye(curves, flat, flat, HEAD_H, 0, byHead);
    }

    private static float sin(float degrees) {
        return (float) Math.sin(Math.toRadians(degrees));
    }

    @Test
    void atAMeasuredHeadTurnTheTurnIsThatCurvesInverse() {
        EyeResponse.Eye eye = eye();
        for (float head : EyeResponse.HEAD_TURNS) {
            for (float turn : new float[] {-30f, -7.5f, 0f, 20f}) {
                assertEquals(turn, eye.yaw(reading(turn, head), sin(head)), 1e-3, "turn " + turn + " at head " + head);
            }
        }
    }

    @Test
    void betweenHeadTurnsTheTwoNearestCurvesAreBlended() {
        EyeResponse.Eye eye = eye();
        // Head at 2.5°: half way (in sin) between the curves at 0° and 5°; the offset bends, so neither alone holds.
        float head = 2.5f, wanted = reading(-20f, head);
        float t = (sin(head) - sin(0f)) / (sin(5f) - sin(0f));
        float expected = (1 - t) * (wanted - reading(0f, 0f)) / SLOPE + t * (wanted - reading(0f, 5f)) / SLOPE;
        assertEquals(expected, eye.yaw(wanted, sin(head)), 1e-3);
        // Linear between levels 5° apart, so the bend between them costs a quarter degree here, not more.
        assertEquals(-20f, eye.yaw(wanted, sin(head)), 0.3, "the blend lands near the made-up truth");
    }

    @Test
    void pastTheOutermostHeadTurnTheSlopeAtRestCarriesOn() {
        EyeResponse.Eye eye = eye();
        float wanted = 3f;
        float atEdge = eye.yaw(wanted, sin(15f));
        // A further turn of the head moves the reading by headH per unit of sin: the eye turns to undo it.
        float beyond = eye.yaw(wanted, sin(25f));
        assertEquals(atEdge - HEAD_H * (sin(25f) - sin(15f)) / SLOPE, beyond, 1e-3);
        assertEquals(eye.yaw(wanted, sin(-15f)) - HEAD_H * (sin(-25f) - sin(-15f)) / SLOPE, eye.yaw(wanted, sin(-25f)),
                1e-3);
        // And it is continuous at the edge.
        assertEquals(atEdge, eye.yaw(wanted, sin(15f) - 1e-6f), 1e-2);
    }
}
