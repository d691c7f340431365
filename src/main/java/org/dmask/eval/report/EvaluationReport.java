package org.dmask.eval.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmask.eval.Evaluation;
import org.dmask.eval.EyeFidelity;
import org.dmask.eval.EyeSeries;
import org.dmask.eval.GroundTruth;
import org.dmask.eval.Privacy;
import org.dmask.eval.Signals;
import org.dmask.eval.Targets;
import org.dmask.mask.eye.EyeLimits;
import org.dmask.mask.eye.GazeReadback;

/** Writes the evaluation as a self-contained {@code report.html}, with its PNG plots and thumbnails beside it. */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    /**
     * @param gt         the scripted ground truth; null with {@code ev} when only the identity test ran
     * @param ev         the signing clips' evaluation; null when only the identity test ran
     * @param identities the identity test across occasions; null when it did not run ({@code identitiesNote} says why)
     */
    public static void write(GroundTruth.Result gt, Evaluation.Result ev, Evaluation.PrivacySet identities,
            String identitiesNote, double seconds, Path dir) throws IOException {
        Files.createDirectories(dir);
        Html h = new Html();
        h.head("dmask evaluation");
        h.p(String.format(Locale.ROOT, "Evaluation took %.0f s. Targets are the issue's; values are as measured.",
                seconds));
        if (gt != null) {
            groundTruth(h, gt, dir);
        }
        if (ev != null) {
            privacy(h, ev, dir);
        }
        identities(h, identities, identitiesNote, dir);
        if (ev != null) {
            fidelityTable(h, ev);
            signals(h, ev, dir);
            speed(h, gt, ev);
        }
        h.end();
        Files.writeString(dir.resolve("report.html"), h.toString());
    }

    private static void groundTruth(Html h, GroundTruth.Result gt, Path dir) throws IOException {
        h.h2("Ground truth: the avatar rendered with scripted motion, analysed");
        h.p(String.format(Locale.ROOT, "%d frames at %.0f fps, %.1f s; 4 Hz horizontal nystagmus, left eye deviated "
                + "15° inward, 4 blinks, left upper lid drooping, head moving; scripted in the face analysis's units and "
                + "posed as the mask poses a patient's measurements (EyeResponse); rendered on %s; face tracked in "
                + "%.1f%% of frames. A line per eye fitted on a separate calibration sequence maps measured to "
                + "script (right: measured = %.3f·script %+.2f; left: %.3f·script %+.2f; 1 and 0 when the generic "
                + "eye reads as it is posed).", gt.script().frames(), gt.script().fps(),
                gt.script().frames() / gt.script().fps(), gt.renderPath(), 100 * gt.trackedFraction(),
                gt.calibrationRight().slope(), gt.calibrationRight().offset(), gt.calibrationLeft().slope(),
                gt.calibrationLeft().offset()));
        h.tableStart("measure", "target", "right eye", "left eye");
        row(h, "gaze correlation", "≥ 0.95", gt.right().gazeCorrelation(), gt.left().gazeCorrelation(),
                v -> v >= Targets.GAZE_CORRELATION);
        row(h, "gaze MAE (deg)", "≤ 2", gt.right().gazeMaeDeg(), gt.left().gazeMaeDeg(),
                v -> v <= Targets.GAZE_MAE_DEG);
        row(h, "blink F1", "≥ 0.95", gt.right().blinks().f1(), gt.left().blinks().f1(), v -> v >= Targets.BLINK_F1);
        row(h, "nystagmus frequency error (Hz)", "≤ 0.2", gt.right().nystagmusErrorHz(), gt.left().nystagmusErrorHz(),
                v -> v <= Targets.NYSTAGMUS_ERROR_HZ);
        row(h, "lid-margin correlation", "≥ 0.9", gt.right().lidCorrelation(), gt.left().lidCorrelation(),
                v -> v >= Targets.LID_CORRELATION);
        h.tableEnd();
        // Blinks (scripted or measured, and 2 frames either side) are left out of both plots, as out of the
        // measures: the iris is covered, and the script writes a closed lid as -1, off the scale.
        EyeSeries right = EyeSeries.of(gt.measured(), true), left = EyeSeries.of(gt.measured(), false);
        boolean[] closedR = EyeFidelity.closed(gt.truthRight(), right);
        boolean[] closedL = EyeFidelity.closed(gt.truthLeft(), left);
        double[] measuredR = Signals.map(right.gazeH(), gt.calibrationRight()::invert);
        double[] measuredL = Signals.map(left.gazeH(), gt.calibrationLeft()::invert);
        new LinePlot("scripted vs measured horizontal gaze (calibrated), degrees; blinks left out", "deg",
                gt.script().fps())
                .add("script right", Signals.without(gt.truthRight().gazeH(), closedR))
                .add("measured right", Signals.without(measuredR, closedR))
                .add("script left", Signals.without(gt.truthLeft().gazeH(), closedL))
                .add("measured left", Signals.without(measuredL, closedL))
                .write(dir.resolve("ground-truth-gaze.png"));
        new LinePlot("upper lid margin (MRD1 proxy, eye widths): script and measured; blinks left out", "",
                gt.script().fps())
                .add("script right", Signals.without(gt.truthRight().upperLid(), closedR))
                .add("measured right", Signals.without(right.upperLid(), closedR))
                .add("script left", Signals.without(gt.truthLeft().upperLid(), closedL))
                .add("measured left", Signals.without(left.upperLid(), closedL))
                .write(dir.resolve("ground-truth-lids.png"));
        Thumbnails.write(gt.exampleFrame(), 320, dir.resolve("ground-truth-frame.png"));
        h.img("ground-truth-gaze.png");
        h.img("ground-truth-lids.png");
        h.img("ground-truth-frame.png");
    }

    private static void privacy(Html h, Evaluation.Result ev, Path dir) throws IOException {
        h.h2("Privacy: re-identification on the ASL identities");
        h.p(String.format(Locale.ROOT, "Embedding: evaluation-only ArcFace (512-d, cosine). Probes: sampled frames of "
                + "people seen in two clips, the probe's own clip left out of the gallery; chance = 1 / identities in "
                + "the gallery. Mean cosine between different people's original frames: %.3f (target for masked vs "
                + "own original: below %.3f). %d of %d masked frames had no face found by the detector and were "
                + "embedded at the original frame's keypoints (the stronger attack). Rank-1 rates carry two 95%% "
                + "intervals: Wilson, with the probes taken as independent, and in brackets a bootstrap over whole "
                + "probe clips (frames of one clip are not independent; with few clips it is coarse).",
                ev.differentPersonMean(),
                ev.differentPersonMean() + Targets.COSINE_OVER_DIFFERENT, ev.embedFallbacks(), ev.embedded()));
        if (!ev.privacy().isEmpty()) {
            h.p(String.format(Locale.ROOT, "Chance counted as the share of the gallery that shows the probe's person "
                    + "(as the identity test below counts it): %s.", pct(ev.privacy().get(0).chanceGalleryShare())));
        }
        rank1Tables(h, ev.privacy(), ev.differentPersonMean(), "privacy-rank1.png", dir);
    }

    /**
     * The identity test across occasions: photos of people on different occasions, each made into a clip; what
     * links two clips of one person is the person, not the room or the clothes.
     */
    private static void identities(Html h, Evaluation.PrivacySet set, String note, Path dir) throws IOException {
        h.h2("Privacy: identity test across occasions (photos made into clips)");
        if (set == null) {
            h.p("Not run: " + note);
            return;
        }
        h.p(String.format(Locale.ROOT, "%d photos of %d people, taken on different occasions (background and clothing "
                + "do not link them); each made into a clip (a slow zoom, pan and slight roll, %d fps) and masked "
                + "whole. Probes: sampled frames of the clips of people with two photos or more; gallery: every other "
                + "clip (the probe's own photo left out); people with one photo are distractors in the gallery. "
                + "Chance is the share of the gallery that shows the probe's person, averaged over the probes (what a "
                + "matcher picking a gallery frame at random scores; 1 / identities is given beside it). The "
                + "subject is the largest face in the original; in a masked frame, the face found nearest to it. "
                + "Mean cosine between different people's original frames: %.3f. %d of %d masked frames had no face "
                + "found by the detector and were embedded where the tracker or the original put it. The clip "
                + "(one photo) is the unit that varies: the interval in brackets resamples whole probe clips.",
                set.clips(), set.people(), Math.round(Evaluation.PHOTO_CLIP_RATE.fps()), set.differentPersonMean(),
                set.embedFallbacks(), set.embedded()));
        if (!set.privacy().isEmpty()) {
            Privacy.Result first = set.privacy().get(0);
            h.p(String.format(Locale.ROOT, "Chance: %s by gallery share, %s as 1 / identities.",
                    pct(first.chanceGalleryShare()), pct(first.chanceIdentities())));
        }
        rank1Tables(h, set.privacy(), set.differentPersonMean(), "identities-rank1.png", dir);
        StringBuilder frames = new StringBuilder("<div class=frames>");
        for (Evaluation.Example e : set.examples()) {
            String original = "identities-" + e.clip() + "-original-thumb.png";
            Thumbnails.write(e.original(), Thumbnails.ORIGINAL_WIDTH, dir.resolve(original));
            frames.append("<figure><img src='").append(original).append("'><figcaption>").append(Html.esc(e.clip()))
                    .append(" (original, thumbnail)</figcaption></figure>");
            for (Map.Entry<String, org.dmask.face.BgrImage> m : e.masked().entrySet()) {
                if (!m.getKey().startsWith("digital mask")) {
                    continue;
                }
                String file = "identities-" + e.clip() + "-" + m.getKey().replaceAll("[^a-z0-9]+", "_") + ".png";
                Thumbnails.write(m.getValue(), Thumbnails.ORIGINAL_WIDTH * 2, dir.resolve(file));
                frames.append("<figure><img src='").append(file).append("'><figcaption>").append(Html.esc(m.getKey()))
                        .append("</figcaption></figure>");
            }
        }
        h.raw(frames.append("</div>").toString());
    }

    /** The rank-1 table of a data set, its hits by probe clip, and its chart ({@code chartFile}). */
    private static void rank1Tables(Html h, List<Privacy.Result> results, double differentPersonMean,
            String chartFile, Path dir) throws IOException {
        h.tableStart("method", "probes", "chance", "rank-1 vs original gallery", "rank-1 vs masked gallery",
                "cosine to own original: mean", "median", "95th pct", "targets met");
        for (Privacy.Result r : results) {
            h.row(r.method(), Integer.toString(r.probes()), pct(r.chance()),
                    pct(r.rank1Original()) + " " + interval(r.rank1OriginalInterval()) + " "
                            + clipInterval(r.rank1OriginalClipInterval()),
                    pct(r.rank1Masked()) + " " + interval(r.rank1MaskedInterval()) + " "
                            + clipInterval(r.rank1MaskedClipInterval()), f3(r.cosineOwnMean()),
                    f3(r.cosineOwnPercentile(0.5)), f3(r.cosineOwnPercentile(0.95)),
                    Targets.privacyMet(r, differentPersonMean) ? "met" : "not met");
        }
        h.tableEnd();
        if (!results.isEmpty()) {
            Privacy.Result first = results.get(0);
            h.p(String.format(Locale.ROOT, "The %d probes come from %d clips of %d people, and the frames of one clip "
                    + "are far from independent, so a rate rests on few clips. Hits against the masked gallery by "
                    + "probe clip:", first.probes(), first.byProbeClip().size(), first.probePeople()));
            List<String> head = new ArrayList<>(List.of("method"));
            head.addAll(first.byProbeClip().keySet());
            h.tableStart(head.toArray(String[]::new));
            for (Privacy.Result r : results) {
                List<String> row = new ArrayList<>(List.of(r.method()));
                for (String clip : first.byProbeClip().keySet()) {
                    int[] n = r.byProbeClip().getOrDefault(clip, new int[3]);
                    row.add(n[2] + " / " + n[0]);
                }
                h.row(row.toArray(String[]::new));
            }
            h.tableEnd();
            double chance = first.chance();
            BarChart chart = new BarChart("rank-1 re-identification per method (lower is better)",
                    "masked probe vs original gallery", "masked probe vs masked gallery (mask against mask)")
                    .reference("chance", chance).reference("target", chance + Targets.RANK1_OVER_CHANCE);
            for (Privacy.Result r : results) {
                chart.add(r.method(), r.rank1Original(), r.rank1Masked());
            }
            chart.write(dir.resolve(chartFile));
            h.img(chartFile);
        }
    }

    private static void fidelityTable(Html h, Evaluation.Result ev) {
        h.h2("Clinical fidelity on the real clips: masked analysis vs original analysis");
        h.p("Per clip and method; right eye / left eye. The ASL clips contain no nystagmus: the frequency row compares "
                + "the dominant oscillation above 1 Hz, which here is noise.");
        h.p("The last column: the share of tracked frames in which an eye asked for more than the generic eye can "
                + "show, so it was drawn at the end of its range (right, then left; e.g. a lower lid opened wider "
                + "than the generic eye reads). Empty for the baselines.");
        h.tableStart("clip", "method", "tracked", "gaze r", "gaze MAE deg", "lid r", "blink F1", "osc. error Hz",
                "drawn at the generic eye's limit");
        for (Evaluation.ClipFidelity c : ev.fidelity()) {
            h.row(c.clip(), c.method(), pct(c.trackedFraction()), pair(c.right().gazeCorrelation(),
                    c.left().gazeCorrelation()), pair(c.right().gazeMaeDeg(), c.left().gazeMaeDeg()),
                    pair(c.right().lidCorrelation(), c.left().lidCorrelation()),
                    pair(c.right().blinks().f1(), c.left().blinks().f1()),
                    pair(c.right().nystagmusErrorHz(), c.left().nystagmusErrorHz()),
                    c.eyeLimits() == null ? "" : c.eyeLimits().describe());
        }
        h.tableEnd();
    }

    private static void signals(Html h, Evaluation.Result ev, Path dir) throws IOException {
        h.h2("Signals, original vs masked, and example frames");
        for (Evaluation.ClipSignals s : ev.signals()) {
            LinePlot plot = new LinePlot(s.clip() + ": right-eye horizontal gaze, original vs masked", "deg", s.fps())
                    .add("original", s.original().gazeH());
            s.masked().forEach((method, series) -> plot.add(method, series.gazeH()));
            String name = s.clip() + "-gaze.png";
            plot.write(dir.resolve(name));
            h.img(name);
            String original = s.clip() + "-original-thumb.png";
            Thumbnails.write(s.originalFrame(), Thumbnails.ORIGINAL_WIDTH, dir.resolve(original));
            StringBuilder frames = new StringBuilder("<div class=frames><figure><img src='" + original
                    + "'><figcaption>original (thumbnail)</figcaption></figure>");
            for (Map.Entry<String, org.dmask.face.BgrImage> e : s.maskedFrames().entrySet()) {
                String file = s.clip() + "-" + e.getKey().replaceAll("[^a-z0-9]+", "_") + ".png";
                Thumbnails.write(e.getValue(), Thumbnails.MASKED_WIDTH, dir.resolve(file));
                frames.append("<figure><img src='").append(file).append("'><figcaption>").append(Html.esc(e.getKey()))
                        .append("</figcaption></figure>");
            }
            h.raw(frames.append("</div>").toString());
        }
    }

    private static void speed(Html h, GroundTruth.Result gt, Evaluation.Result ev) {
        h.h2("Speed");
        h.p("The digital mask's stages overlap (summed stage time per frame; end to end is wall time over both passes"
                + " per frame, including the second decode of the clip's full length).");
        h.tableStart("stage", "ms per frame", "frames per second", "path");
        h.row("decode (640×480 H.264)", f1(ev.decodeMsPerFrame()), f1(1000 / ev.decodeMsPerFrame()), "CPU");
        h.row("face analysis (avatar frames)", f1(gt.analyseMsPerFrame()), f1(1000 / gt.analyseMsPerFrame()), "CPU");
        h.row("avatar render, 640×480, synchronous", f1(gt.renderMsPerFrame()), f1(1000 / gt.renderMsPerFrame()),
                gt.renderPath());
        h.row("gaze read back (every " + GazeReadback.EVERY + "rd frame near a turned eye drawn and analysed), per frame"
                + " of the clip",
                f1(gt.readbackMsPerFrame()), f1(1000 / gt.readbackMsPerFrame()), gt.renderPath());
        for (String method : ev.paths().keySet()) {
            double mask = ev.fidelity().stream().filter(c -> c.method().equals(method))
                    .mapToDouble(Evaluation.ClipFidelity::maskMsPerFrame).average().orElse(Double.NaN);
            h.row("masking: " + method, f1(mask), f1(1000 / mask), ev.paths().get(method));
        }
        ev.stages().forEach((method, stages) -> stages.forEach((stage, ms) -> h.row(method + ": " + stage, f1(ms),
                f1(1000 / ms), ev.paths().get(method))));
        h.tableEnd();
    }

    private static void row(Html h, String name, String target, double right, double left,
            java.util.function.DoublePredicate met) {
        h.row(name, target, f3(right) + (met.test(right) ? " (met)" : " (not met)"),
                f3(left) + (met.test(left) ? " (met)" : " (not met)"));
    }

    public static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** A 95% interval of a share as "(lo–hi%)". */
    public static String interval(double[] loHi) {
        if (Double.isNaN(loHi[0])) {
            return "";
        }
        return String.format(Locale.ROOT, "(%.1f–%.1f%%)", 100 * loHi[0], 100 * loHi[1]);
    }

    /** The clip-bootstrap interval as "[lo–hi% by clip]". */
    public static String clipInterval(double[] loHi) {
        if (Double.isNaN(loHi[0])) {
            return "";
        }
        return String.format(Locale.ROOT, "[%.1f–%.1f%% by clip]", 100 * loHi[0], 100 * loHi[1]);
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String pair(double a, double b) {
        return f3(a) + " / " + f3(b);
    }
}
