package org.dmask.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.EyeSignals;
import org.dmask.face.FrameAnalysis;
import org.dmask.face.HeadPose;

/** The per-frame signals as named columns: one definition shared by the CSV, the JSON and the plot. */
public final class SignalTable {

    private SignalTable() {
    }

    /** Column name to value for one frame; NaN where not measured. Booleans as 0/1. */
    public static Map<String, Double> row(ClipAnalysis clip, int i) {
        FrameAnalysis f = clip.frames().get(i);
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("frame", (double) f.index());
        r.put("time_s", f.timeS());
        r.put("tracked", f.tracked() ? 1.0 : 0.0);
        r.put("detected", f.detected() ? 1.0 : 0.0);
        HeadPose p = f.pose();
        r.put("yaw_deg", p == null ? Double.NaN : p.yawDeg());
        r.put("pitch_deg", p == null ? Double.NaN : p.pitchDeg());
        r.put("roll_deg", p == null ? Double.NaN : p.rollDeg());
        r.put("head_x_px", p == null ? Double.NaN : p.imageX());
        r.put("head_y_px", p == null ? Double.NaN : p.imageY());
        r.put("scale_px_per_cm", p == null ? Double.NaN : p.scale());
        r.put("expression_rms_cm", clip.expressionRms(i));
        r.put("expression_live_rms_cm", f.liveExpressionRms());
        eye(r, "r_", f.right(), f.tracked() && clip.blinkRight(i), f.tracked());
        eye(r, "l_", f.left(), f.tracked() && clip.blinkLeft(i), f.tracked());
        return r;
    }

    private static void eye(Map<String, Double> r, String p, EyeSignals s, boolean blink, boolean tracked) {
        r.put(p + "iris_x", s.irisX());
        r.put(p + "iris_y", s.irisY());
        r.put(p + "gaze_h_deg", s.gazeH());
        r.put(p + "gaze_v_deg", s.gazeV());
        r.put(p + "mrd1", s.mrd1());
        r.put(p + "mrd2", s.mrd2());
        r.put(p + "fissure_h", s.fissureHeight());
        r.put(p + "fissure_w_mm", s.fissureWidthMm());
        r.put(p + "fissure_h_mm", s.fissureHeightMm());
        r.put(p + "blink", tracked ? (blink ? 1.0 : 0.0) : Double.NaN);
    }

    public static List<String> columns(ClipAnalysis clip) {
        return clip.frames().isEmpty() ? List.of() : new ArrayList<>(row(clip, 0).keySet());
    }

    /** One column over all frames. */
    public static double[] column(ClipAnalysis clip, String name) {
        double[] v = new double[clip.frames().size()];
        for (int i = 0; i < v.length; i++) {
            Double d = row(clip, i).get(name);
            if (d == null) {
                throw new IllegalArgumentException("no column " + name);
            }
            v[i] = d;
        }
        return v;
    }
}
