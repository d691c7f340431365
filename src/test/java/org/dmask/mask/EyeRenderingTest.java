package org.dmask.mask;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.GenericEye;
import org.dmask.mask.avatar.Pose;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.mask.gl.RenderedFrame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Gaze and lids as they show in the rendered image: the signals the clinician needs must survive the mask. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SlowTest
class EyeRenderingTest {

    static final int W = 640;
    static final int H = 480;
    static final float SCALE = 20;
    static final float TX = 320;
    static final float TY = 240;

    AvatarMesh mesh;
    AvatarRenderer renderer;
    GenericEye right;
    GenericEye left;

    @BeforeAll
    void open() {
        mesh = AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));
        renderer = new AvatarRenderer(mesh, RenderSettings.DEFAULT);
        right = GenericEye.right(mesh);
        left = GenericEye.left(mesh);
    }

    @AfterAll
    void close() {
        if (renderer != null) {
            renderer.close();
        }
    }

    RenderedFrame render(EyeMotion rightEye, EyeMotion leftEye) {
        return renderer.render(AvatarFrame.of(W, H, Pose.frontal(SCALE, TX, TY), rightEye, leftEye));
    }

    static EyeMotion gaze(float yaw) {
        return new EyeMotion(yaw, 0, EyeMotion.OPEN_AHEAD.upperLid(), EyeMotion.OPEN_AHEAD.lowerLid());
    }

    double socketX(GenericEye eye) {
        return TX + SCALE * eye.centreX;
    }

    double socketY(GenericEye eye) {
        return TY - SCALE * eye.centreY;
    }

    /** Iris pixels in a box around the eye's socket, wide enough for the opening and any gaze. */
    Pixels.Blob iris(RenderedFrame frame, GenericEye eye) {
        int halfWidth = (int) (SCALE * eye.width * 0.75);
        int halfHeight = (int) (SCALE * eye.width * 0.5);
        int x = (int) socketX(eye);
        int y = (int) socketY(eye);
        return Pixels.blob(frame, Pixels::iris, x - halfWidth, y - halfHeight, x + halfWidth, y + halfHeight);
    }

    @Test
    void eachEyeFollowsItsOwnGaze() {
        RenderedFrame ahead = render(gaze(0), gaze(0));
        RenderedFrame rightLooksRight = render(gaze(20), gaze(0));
        RenderedFrame leftLooksLeft = render(gaze(0), gaze(-20));
        Pixels.save(rightLooksRight, "right-eye-yaw+20");

        double restRight = iris(ahead, right).cx() - socketX(right);
        double restLeft = iris(ahead, left).cx() - socketX(left);
        assertEquals(0, restRight, 1.0, "iris centred in its socket at rest");
        assertEquals(0, restLeft, 1.0);

        // The iris centre travels r·sin(yaw) on the eyeball: 1.35 units × sin 20° × 20 px ≈ 9 px.
        double expected = SCALE * right.eyeballRadius * Math.sin(Math.toRadians(20));
        double movedRight = iris(rightLooksRight, right).cx() - socketX(right);
        assertTrue(movedRight > 0.6 * expected && movedRight < 1.2 * expected,
                "right eye +20°: iris moved " + movedRight + " px, expected about " + expected);
        assertEquals(restLeft, iris(rightLooksRight, left).cx() - socketX(left), 0.5, "left eye stays");

        double movedLeft = iris(leftLooksLeft, left).cx() - socketX(left);
        System.out.printf("gaze: right +20° moved %.2f px, left -20° moved %.2f px (expected ±%.2f)%n",
                movedRight, movedLeft, expected);
        assertTrue(movedLeft < -0.6 * expected && movedLeft > -1.2 * expected,
                "left eye −20°: iris moved " + movedLeft + " px");
        assertEquals(restRight, iris(leftLooksLeft, right).cx() - socketX(right), 0.5, "right eye stays");
    }

    @Test
    void lookingUpMovesTheIrisUp() {
        double rest = iris(render(gaze(0), gaze(0)), right).cy();
        double up = iris(render(new EyeMotion(0, 15, 0.9f, 0.9f), new EyeMotion(0, 15, 0.9f, 0.9f)), right).cy();
        assertTrue(rest - up > 3, "iris y at rest " + rest + ", looking up " + up);
    }

    @Test
    void closedLidsHideTheIrisAndADroopingLidCoversItsTop() {
        RenderedFrame frame = render(new EyeMotion(0, 0, 0, 0), EyeMotion.OPEN_AHEAD);
        Pixels.save(frame, "right-eye-closed");
        assertEquals(0, iris(frame, right).count(), "closed right eye shows no iris");
        Pixels.Blob open = iris(frame, left);
        assertTrue(open.count() > 150, "open left eye shows its iris: " + open.count());

        RenderedFrame drooping = render(new EyeMotion(0, 0, 0.1f, 0.85f), EyeMotion.OPEN_AHEAD);
        Pixels.save(drooping, "right-lid-drooping");
        Pixels.Blob droop = iris(drooping, right);
        Pixels.Blob normal = iris(drooping, left);
        // The upper margin sits 0.1 iris radii above the centre instead of the rest's: the visible iris starts lower.
        double irisRadiusPx = SCALE * right.irisRadius;
        assertEquals(socketY(right) - 0.1 * irisRadiusPx, droop.minY(), 2.0, "drooping lid's margin");
        assertEquals(socketY(left) - EyeMotion.OPEN_AHEAD.upperLid() * irisRadiusPx, normal.minY(), 2.0,
                "normal lid's margin");
        assertTrue(droop.count() < 0.7 * normal.count(), droop.count() + " vs " + normal.count());
    }

    /** Ground-truth seed: a scripted 4 Hz horizontal nystagmus at 30 fps is recovered from the pixels. */
    @Test
    void aScriptedFourHertzNystagmusShowsAsFourHertzInTheRenderedIris() {
        double fps = 30;
        double hertz = 4;
        int frames = 90;
        List<RenderedFrame> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            float yaw = (float) (12 * Math.sin(2 * Math.PI * hertz * i / fps));
            EyeMotion eye = gaze(yaw);
            renderer.submit(AvatarFrame.of(W, H, Pose.frontal(SCALE, TX, TY), eye, eye)).ifPresent(out::add);
        }
        renderer.flush().ifPresent(out::add);
        assertEquals(frames, out.size());
        double[] signal = new double[frames];
        for (int i = 0; i < frames; i++) {
            signal[i] = iris(out.get(i), right).cx() - socketX(right);
        }
        double peak = dominantFrequency(signal, fps, 0.5, fps / 2);
        double amplitude = (max(signal) - min(signal)) / 2;
        double expected = SCALE * right.eyeballRadius * Math.sin(Math.toRadians(12));
        System.out.printf("nystagmus: scripted %.2f Hz, measured %.2f Hz; amplitude %.2f px (expected %.2f)%n",
                hertz, peak, amplitude, expected);
        assertEquals(hertz, peak, 0.2, "dominant frequency of the iris's x");
        assertEquals(expected, amplitude, 0.35 * expected, "amplitude in pixels");
    }

    /** Ground-truth seed: scripted blinks are exactly the frames where no iris shows. */
    @Test
    void scriptedBlinksAreTheFramesWithoutIris() {
        java.util.Set<Integer> blinkFrames = java.util.Set.of(5, 6, 7, 20, 21, 33);
        List<RenderedFrame> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Closing lids meet a little below the middle, as real ones do.
            EyeMotion eye = blinkFrames.contains(i) ? new EyeMotion(0, 0, -0.2f, 0.2f) : EyeMotion.OPEN_AHEAD;
            renderer.submit(AvatarFrame.of(W, H, Pose.frontal(SCALE, TX, TY), eye, eye)).ifPresent(out::add);
        }
        renderer.flush().ifPresent(out::add);
        java.util.Set<Integer> withoutIris = new java.util.TreeSet<>();
        for (int i = 0; i < out.size(); i++) {
            if (iris(out.get(i), right).count() == 0 && iris(out.get(i), left).count() == 0) {
                withoutIris.add(i);
            }
        }
        assertEquals(new java.util.TreeSet<>(blinkFrames), withoutIris);
    }

    /** The frequency with the most power, scanned in 0.01 Hz steps (a fine DFT of the mean-removed signal). */
    static double dominantFrequency(double[] signal, double rate, double from, double to) {
        double mean = java.util.Arrays.stream(signal).average().orElse(0);
        double best = from;
        double bestPower = -1;
        for (double f = from; f <= to; f += 0.01) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < signal.length; n++) {
                double phase = 2 * Math.PI * f * n / rate;
                re += (signal[n] - mean) * Math.cos(phase);
                im -= (signal[n] - mean) * Math.sin(phase);
            }
            double power = re * re + im * im;
            if (power > bestPower) {
                bestPower = power;
                best = f;
            }
        }
        return best;
    }

    static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }
}
