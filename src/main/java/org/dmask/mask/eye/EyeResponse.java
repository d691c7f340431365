package org.dmask.mask.eye;

import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.pipeline.FrameRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * How the face analysis reads the generic eye, and so how to pose it: for each eye and signal, the value the
 * analysis measures on the rendered avatar as a function of the avatar's own parameters (eyeball rotation in
 * degrees, lid margins in iris radii). The mask inverts it, so that the masked video, analysed again, reads what
 * the original read: a measured 10° of gaze is drawn as whatever rotation of the generic eyeball reads as 10°.
 *
 * <p>Why a table and not the geometry: the eye landmark model sees the generic eye through its own training. On
 * the avatar it reads about half of the eyeball's true turn, each eye a few degrees outward at rest, and the lid
 * margin compressed near the closed end; and the readings are coupled: the lid and horizontal readings move with
 * the eye's vertical turn (the vertical reading is the flattest, so a small measured change asks for a large turn),
 * the lid readings with its sideways turn, the gaze readings with the head's turn, and a turned eye's horizontal
 * reading with it most of all (conformance/mask-evaluation.md). The table holds each of these, as measured by
 * {@code EyeResponseCalibration} (renderer and analysis, full-mode size; a test-scope tool) and checked current by a
 * test; regenerate it with {@code tools/calibrate-eye.sh}. It holds nothing of any patient.
 */
public final class EyeResponse {

    static final String RESOURCE = "eye-response.properties";
    /** The signals of one eye, in the order of {@link FrameRecord}'s eye values. */
    public static final String[] SIGNALS = {"gazeH", "gazeV", "mrd1", "mrd2"};

    private static volatile EyeResponse standard;

    /**
     * One eye's response.
     *
     * @param curves    per signal: the reading as the eye's own parameter moves alone (everything else at rest;
     *                  for gazeH the lids re-placed, as the mask places them, to read as at rest)
     * @param byYaw     per signal: the reading's shift as the eye turns sideways (lids at rest); gazeH's is zero
     * @param byPitch   per signal: the reading's shift as the eye looks up or down; gazeV's is zero
     * @param headH     gazeH reading change per unit of the head rotation's element (0,2), eye at rest: for head
     *                  turns past the outermost of {@link #HEAD_TURNS}
     * @param gazeHByHead the horizontal curve measured again at each of {@link #HEAD_TURNS} (lids as for gazeH);
     *                  the one at 0 is {@code curves[0]}
     * @param headV     gazeV reading change per unit of the head rotation's element (1,2)
     */
    record Eye(Curve[] curves, Table[] byYaw, Table[] byPitch, float headH, float headV, Curve[] gazeHByHead) {

        Eye {
            if (curves.length != SIGNALS.length || byYaw.length != SIGNALS.length
                    || byPitch.length != SIGNALS.length) {
                throw new IllegalArgumentException("one curve and table per signal: " + Arrays.toString(SIGNALS));
            }
            if (gazeHByHead.length != HEAD_TURNS.length) {
                throw new IllegalArgumentException("one horizontal curve per head turn: " + Arrays.toString(HEAD_TURNS));
            }
            curves = curves.clone();
            byYaw = byYaw.clone();
            byPitch = byPitch.clone();
            gazeHByHead = gazeHByHead.clone();
        }

        /**
         * The eye's turn that reads as {@code wanted} horizontally when the head is drawn turned by
         * {@code headSin} (the rotation's element (0,2)): between the curves of the two nearest head turns; past
         * the outermost, that curve with the head coefficient for the rest of the turn.
         */
        float yaw(float wanted, float headSin) {
            HeadBlend b = blend(wanted, headSin);
            return (1 - b.t()) * gazeHByHead[b.lower()].param(b.wantedLower())
                    + b.t() * gazeHByHead[b.upper()].param(b.wantedUpper());
        }

        /** Whether {@link #yaw} has to hold a curve at its end: the wanted reading lies past what it spans. */
        boolean yawBeyond(float wanted, float headSin) {
            HeadBlend b = blend(wanted, headSin);
            return gazeHByHead[b.lower()].beyond(b.wantedLower()) || gazeHByHead[b.upper()].beyond(b.wantedUpper());
        }

        /**
         * The head-turn curves {@link #yaw} reads: the two nearest and their blend; past the outermost, that curve
         * alone, its wanted reading moved by the head coefficient for the rest of the turn.
         */
        private HeadBlend blend(float wanted, float headSin) {
            float[] levels = HEAD_TURNS;
            int last = levels.length - 1;
            float first = sin(levels[0]), end = sin(levels[last]);
            if (!(headSin > first)) {
                float w = wanted - headH * (headSin - first);
                return new HeadBlend(0, 0, 0, w, w);
            }
            if (headSin >= end) {
                float w = wanted - headH * (headSin - end);
                return new HeadBlend(last, last, 0, w, w);
            }
            int k = 1;
            while (headSin > sin(levels[k])) {
                k++;
            }
            float t = (headSin - sin(levels[k - 1])) / (sin(levels[k]) - sin(levels[k - 1]));
            return new HeadBlend(k - 1, k, t, wanted, wanted);
        }

        private static float sin(float degrees) {
            return (float) Math.sin(Math.toRadians(degrees));
        }
    }

    /** Which head-turn curves a horizontal reading is posed from, and the reading asked of each. */
    private record HeadBlend(int lower, int upper, float t, float wantedLower, float wantedUpper) {
    }

    /**
     * Head turns (degrees of yaw) at which each eye's horizontal curve is measured over again. How the reading
     * moves with the head's turn depends on the eye's own turn, and unevenly: at rest the left eye's reading falls by
     * about 0.34° per degree of head turn, turned 30° in by about 0.23°; the right eye turned 20° in reads 6.6°, 3.6°,
     * 2.3° with the head at -5°, 0°, +5°. With one slope for all (as before), the head's ±6° of yaw alone took the
     * scripted left gaze from r 0.959 to 0.927; with these curves it stays at 0.951 (conformance/mask-evaluation.md).
     * Level 0 is {@code curves[0]}; {@code headH} is the slope at rest.
     */
    static final float[] HEAD_TURNS = {-15f, -10f, -5f, 0f, 5f, 10f, 15f};

    private final Eye right;
    private final Eye left;

    EyeResponse(Eye right, Eye left) {
        this.right = right;
        this.left = left;
    }

    /** The committed table (src/main/resources/org/dmask/mask/eye/eye-response.properties). */
    public static EyeResponse standard() {
        EyeResponse r = standard;
        if (r == null) {
            try (InputStream in = EyeResponse.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE + ": run tools/calibrate-eye.sh");
                }
                Properties p = new Properties();
                p.load(in);
                r = standard = read(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return r;
    }

    Eye eye(boolean rightEye) {
        return rightEye ? right : left;
    }

    /**
     * What the analysis reads on the generic eye at rest ({@link EyeMotion#OPEN_AHEAD}) for a signal (index into
     * {@link #SIGNALS}).
     */
    public double restReading(boolean rightEye, int signal) {
        return eye(rightEye).curves()[signal].measured(rest(signal));
    }

    static float rest(int signal) {
        EyeMotion rest = EyeMotion.OPEN_AHEAD;
        return new float[] {rest.yawDegrees(), rest.pitchDegrees(), rest.upperLid(), rest.lowerLid()}[signal];
    }

    /**
     * Both generic eyes that the analysis reads as these measurements when the generic head is drawn with this
     * rotation.
     *
     * @param rightMeasured, leftMeasured each eye's gazeH, gazeV (degrees), mrd1, mrd2 (the head's eye widths)
     * @param headRotation the rotation the generic head is drawn with (row-major 3×3)
     * @return the right eye, then the left
     */
    public EyeMotion[] avatarEyes(float[] rightMeasured, float[] leftMeasured, float[] headRotation) {
        return avatarEyes(rightMeasured, leftMeasured, headRotation, null);
    }

    /**
     * {@link #avatarEyes}, also telling which readings the generic eyes cannot show: {@code beyond[eye][signal]}
     * (right, then left; {@link #SIGNALS}) is set true where the wanted reading lies past what the generic eye was
     * read at, so it is drawn at the end of its range (a lower lid wider open than the generic eye reads, say).
     *
     * @param beyond null, or two arrays of {@link #SIGNALS} length, filled in
     */
    public EyeMotion[] avatarEyes(float[] rightMeasured, float[] leftMeasured, float[] headRotation,
            boolean[][] beyond) {
        return new EyeMotion[] {pose(right, rightMeasured, headRotation, beyond == null ? null : beyond[0]),
            pose(left, leftMeasured, headRotation, beyond == null ? null : beyond[1])};
    }

    /**
     * Vertical first, then horizontal, then the lids: each reading is corrected by what the parameters already
     * chosen add to it. The analysis takes the head's turn out of the gaze with a fixed eye depth; on the generic
     * eye that leaves a part of the turn in the reading, which the horizontal curves measured per head turn and
     * the vertical head coefficient remove.
     *
     * @param beyond when not null, set per signal where the corrected reading lies past its curve's ends
     */
    private static EyeMotion pose(Eye e, float[] measured, float[] headRotation, boolean[] beyond) {
        Curve[] c = e.curves();
        float v = measured[1] - e.headV() * headRotation[5];
        float pitch = c[1].param(v);
        float h = measured[0] - e.byPitch()[0].at(pitch);
        float yaw = e.yaw(h, headRotation[2]);
        float u = measured[2] - e.byYaw()[2].at(yaw) - e.byPitch()[2].at(pitch);
        float l = measured[3] - e.byYaw()[3].at(yaw) - e.byPitch()[3].at(pitch);
        if (beyond != null) {
            beyond[0] = e.yawBeyond(h, headRotation[2]);
            beyond[1] = c[1].beyond(v);
            beyond[2] = c[2].beyond(u);
            beyond[3] = c[3].beyond(l);
        }
        return new EyeMotion(yaw, pitch, c[2].param(u), c[3].param(l));
    }

    /**
     * A monotone response: {@code measured[i]} is read when the avatar's parameter is {@code param[i]}; both rise
     * strictly. Inverted by linear interpolation, held at the ends (the table spans the avatar's useful range).
     */
    record Curve(float[] param, float[] measured) {

        Curve {
            if (param.length != measured.length || param.length < 2) {
                throw new IllegalArgumentException("a curve needs two or more matching points");
            }
            for (int i = 1; i < param.length; i++) {
                if (!(param[i] > param[i - 1]) || !(measured[i] > measured[i - 1])) {
                    throw new IllegalArgumentException("a response curve must rise strictly, at point " + i);
                }
            }
            param = param.clone();
            measured = measured.clone();
        }

        float param(float wanted) {
            return interpolate(measured, param, wanted);
        }

        /** Whether a wanted reading lies past the curve's ends, where {@link #param} holds the end. */
        boolean beyond(float wanted) {
            return wanted < measured[0] || wanted > measured[measured.length - 1];
        }

        /** What the analysis reads at this parameter (forward, for checks). */
        float measured(float p) {
            return interpolate(param, measured, p);
        }
    }

    /** A value by parameter (not necessarily monotone), linear between points, held at the ends. */
    record Table(float[] param, float[] value) {

        Table {
            if (param.length != value.length || param.length < 2) {
                throw new IllegalArgumentException("a table needs two or more matching points");
            }
            param = param.clone();
            value = value.clone();
        }

        float at(float p) {
            return interpolate(param, value, p);
        }
    }

    /** y at x on the polyline (xs rising), held at the ends; NaN stays NaN. */
    static float interpolate(float[] xs, float[] ys, float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        int n = xs.length;
        if (x <= xs[0]) {
            return ys[0];
        }
        if (x >= xs[n - 1]) {
            return ys[n - 1];
        }
        int hi = 1;
        while (xs[hi] < x) {
            hi++;
        }
        float t = (x - xs[hi - 1]) / (xs[hi] - xs[hi - 1]);
        return ys[hi - 1] + t * (ys[hi] - ys[hi - 1]);
    }

    static EyeResponse read(Properties p) {
        return new EyeResponse(readEye(p, "right"), readEye(p, "left"));
    }

    private static Eye readEye(Properties p, String eye) {
        Curve[] curves = new Curve[SIGNALS.length];
        for (int s = 0; s < SIGNALS.length; s++) {
            String key = eye + "." + SIGNALS[s];
            curves[s] = new Curve(floats(p, key + ".param"), floats(p, key + ".measured"));
        }
        Table[] byYaw = new Table[SIGNALS.length], byPitch = new Table[SIGNALS.length];
        for (int s = 0; s < SIGNALS.length; s++) {
            String key = eye + "." + SIGNALS[s];
            byYaw[s] = new Table(floats(p, eye + ".yaw"), floats(p, key + ".byYaw"));
            byPitch[s] = new Table(floats(p, eye + ".pitch"), floats(p, key + ".byPitch"));
        }
        if (!Arrays.equals(floats(p, eye + ".gazeH.headTurns"), HEAD_TURNS)) {
            throw new IllegalStateException(RESOURCE + " was measured at other head turns: run tools/calibrate-eye.sh");
        }
        Curve[] byHead = new Curve[HEAD_TURNS.length];
        for (int k = 0; k < byHead.length; k++) {
            String key = eye + ".gazeH.head" + k;
            byHead[k] = new Curve(floats(p, key + ".param"), floats(p, key + ".measured"));
        }
        return new Eye(curves, byYaw, byPitch, floats(p, eye + ".headH")[0], floats(p, eye + ".headV")[0], byHead);
    }

    private static float[] floats(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(RESOURCE + " lacks " + key + ": run tools/calibrate-eye.sh");
        }
        String[] parts = v.trim().split("\\s*,\\s*");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }

    /** Writes the table in the committed format (a fixed key order, so a regeneration diffs cleanly). */
    void write(Path file, String header) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : header.split("\n")) {
            sb.append("# ").append(line).append('\n');
        }
        for (String name : new String[] {"left", "right"}) {
            Eye e = eye(name.equals("right"));
            for (int s = 0; s < SIGNALS.length; s++) {
                line(sb, name + "." + SIGNALS[s] + ".param", e.curves()[s].param());
                line(sb, name + "." + SIGNALS[s] + ".measured", e.curves()[s].measured());
            }
            line(sb, name + ".yaw", e.byYaw()[0].param());
            line(sb, name + ".pitch", e.byPitch()[0].param());
            for (int s = 0; s < SIGNALS.length; s++) {
                line(sb, name + "." + SIGNALS[s] + ".byYaw", e.byYaw()[s].value());
                line(sb, name + "." + SIGNALS[s] + ".byPitch", e.byPitch()[s].value());
            }
            line(sb, name + ".gazeH.headTurns", HEAD_TURNS);
            for (int k = 0; k < HEAD_TURNS.length; k++) {
                line(sb, name + ".gazeH.head" + k + ".param", e.gazeHByHead()[k].param());
                line(sb, name + ".gazeH.head" + k + ".measured", e.gazeHByHead()[k].measured());
            }
            line(sb, name + ".headH", new float[] {e.headH()});
            line(sb, name + ".headV", new float[] {e.headV()});
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(sb.toString());
        }
    }

    private static void line(StringBuilder sb, String key, float[] v) {
        sb.append(key).append(" = ");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", v[i]));
        }
        sb.append('\n');
    }
}
