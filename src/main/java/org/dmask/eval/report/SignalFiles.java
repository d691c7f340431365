package org.dmask.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.Periodogram;

/** Writes the per-frame signals as CSV (empty cell = not measured) and JSON (null = not measured, plus the summary). */
public final class SignalFiles {

    private SignalFiles() {
    }

    public static void writeCsv(ClipAnalysis clip, Path file) throws IOException {
        List<String> cols = SignalTable.columns(clip);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(String.join(",", cols));
            w.write('\n');
            for (int i = 0; i < clip.frames().size(); i++) {
                Map<String, Double> row = SignalTable.row(clip, i);
                StringBuilder sb = new StringBuilder();
                for (String c : cols) {
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append(format(c, row.get(c)));
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    private static String format(String column, double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (column.equals("frame") || column.equals("tracked") || column.equals("detected") || column.endsWith("blink")) {
            return Long.toString(Math.round(v));
        }
        return String.format(Locale.ROOT, "%.5f", v);
    }

    public static void writeJson(ClipAnalysis clip, String source, int width, int height, Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("clip", source);
        root.put("fps", clip.fps());
        root.put("width", width);
        root.put("height", height);
        ClipAnalysis.Summary s = clip.summary();
        ObjectNode sum = root.putObject("summary");
        sum.put("frames", s.frames());
        num(sum, "duration_s", s.durationS());
        num(sum, "tracked_fraction", s.trackedFraction());
        sum.put("blinks_right", s.blinksRight());
        sum.put("blinks_left", s.blinksLeft());
        num(sum, "blink_rate_per_min_right", s.blinkRatePerMinRight());
        num(sum, "blink_rate_per_min_left", s.blinkRatePerMinLeft());
        peak(sum.putObject("nystagmus_right"), s.nystagmusRight());
        peak(sum.putObject("nystagmus_left"), s.nystagmusLeft());
        num(sum, "deviation_h_deg_right_minus_left", s.deviationHDeg());
        num(sum, "deviation_v_deg_right_minus_left", s.deviationVDeg());
        num(sum, "deviation_spread_deg", s.deviationSpreadDeg());
        ObjectNode hp = sum.putObject("head_pose");
        num(hp, "yaw_median_deg", s.headPose().yawMedian());
        num(hp, "yaw_range_deg", s.headPose().yawRange());
        num(hp, "pitch_median_deg", s.headPose().pitchMedian());
        num(hp, "pitch_range_deg", s.headPose().pitchRange());
        num(hp, "roll_median_deg", s.headPose().rollMedian());
        num(hp, "roll_range_deg", s.headPose().rollRange());
        ArrayNode frames = root.putArray("frames");
        for (int i = 0; i < clip.frames().size(); i++) {
            ObjectNode o = frames.addObject();
            for (Map.Entry<String, Double> e : SignalTable.row(clip, i).entrySet()) {
                num(o, e.getKey(), e.getValue());
            }
        }
        om.writeValue(file.toFile(), root);
    }

    private static void peak(ObjectNode o, Periodogram.Peak p) {
        num(o, "frequency_hz", p.frequencyHz());
        num(o, "amplitude_deg", p.amplitude());
        num(o, "power_fraction", p.powerFraction());
    }

    private static void num(ObjectNode o, String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(name);
        } else {
            o.put(name, Math.round(v * 1e5) / 1e5);
        }
    }
}
