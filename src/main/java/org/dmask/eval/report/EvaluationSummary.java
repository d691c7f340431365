package org.dmask.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

/** The evaluation's figures as {@code summary.json}: what scripts and the conformance pages read. */
public final class EvaluationSummary {

    private EvaluationSummary() {
    }

    /** Writes {@code summary.json} into {@code dir}. */
    /**
     * Writes {@code summary.json} into {@code dir}. {@code gt} and {@code ev} are null when only the identity test
     * ran; {@code identities} is null when it did not ({@code identitiesNote} says why).
     */
    public static void write(GroundTruth.Result gt, Evaluation.Result ev, Evaluation.PrivacySet identities,
            String identitiesNote, double seconds, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> root = gt == null || ev == null ? new LinkedHashMap<>() : summary(gt, ev, seconds);
        root.put("identitiesAcrossOccasions", identities(identities, identitiesNote));
        if (gt == null || ev == null) {
            root.put("speed", Map.of("evaluationSeconds", seconds));
        }
        // NaN is not JSON: written as null.
        String text = json.writeValueAsString(root).replace("\"NaN\"", "null").replace("NaN", "null");
        Files.writeString(dir.resolve("summary.json"), text);
    }

    /** The identity test across occasions: the same figures per method as {@code privacy}, or why it did not run. */
    static Map<String, Object> identities(Evaluation.PrivacySet set, String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (set == null) {
            m.put("notRun", note);
            return m;
        }
        m.put("photos", set.clips());
        m.put("people", set.people());
        m.put("framesPerSecond", Evaluation.PHOTO_CLIP_RATE.fps());
        m.put("differentPersonMeanCosine", set.differentPersonMean());
        m.put("maskedFramesEmbedded", set.embedded());
        m.put("embeddedAtOriginalKeypoints", set.embedFallbacks());
        m.put("methods", methods(set.privacy(), set.differentPersonMean()));
        return m;
    }

    public static Map<String, Object> summary(GroundTruth.Result gt, Evaluation.Result ev, double seconds) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("frames", gt.script().frames());
        g.put("fps", gt.script().fps());
        g.put("trackedFraction", gt.trackedFraction());
        g.put("renderPath", gt.renderPath());
        g.put("right", fidelity(gt.right()));
        g.put("left", fidelity(gt.left()));
        g.put("calibrationRight", Map.of("slope", gt.calibrationRight().slope(), "offset",
                gt.calibrationRight().offset()));
        g.put("calibrationLeft", Map.of("slope", gt.calibrationLeft().slope(), "offset",
                gt.calibrationLeft().offset()));
        g.put("targetsMet", Map.of("right", Targets.fidelityMet(gt.right()), "left", Targets.fidelityMet(gt.left())));
        root.put("groundTruth", g);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("differentPersonMeanCosine", ev.differentPersonMean());
        p.put("maskedFramesEmbedded", ev.embedded());
        p.put("embeddedAtOriginalKeypoints", ev.embedFallbacks());
        p.put("methods", methods(ev.privacy(), ev.differentPersonMean()));
        root.put("privacy", p);
        List<Object> fid = new ArrayList<>();
        for (Evaluation.ClipFidelity c : ev.fidelity()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clip", c.clip());
            m.put("method", c.method());
            m.put("frames", c.frames());
            m.put("trackedFraction", c.trackedFraction());
            m.put("right", fidelity(c.right()));
            m.put("left", fidelity(c.left()));
            m.put("maskMsPerFrame", c.maskMsPerFrame());
            m.put("analyseMsPerFrame", c.analyseMsPerFrame());
            if (c.eyeLimits() != null) {
                Map<String, Object> limits = new LinkedHashMap<>();
                for (int e = 0; e < 2; e++) {
                    Map<String, Object> eye = new LinkedHashMap<>();
                    for (int k = 0; k < EyeLimits.SIGNALS.size(); k++) {
                        eye.put(EyeLimits.SIGNALS.get(k), c.eyeLimits().share(e == 0, k));
                    }
                    limits.put(e == 0 ? "right" : "left", eye);
                }
                m.put("shareDrawnAtGenericEyeLimit", limits);
            }
            fid.add(m);
        }
        root.put("fidelity", fid);
        Map<String, Object> speed = new LinkedHashMap<>();
        speed.put("decodeMsPerFrame", ev.decodeMsPerFrame());
        speed.put("avatarRenderMsPerFrame", gt.renderMsPerFrame());
        speed.put("analyseMsPerFrame", gt.analyseMsPerFrame());
        speed.put("gazeReadbackMsPerFrame", gt.readbackMsPerFrame());
        speed.put("paths", ev.paths());
        Map<String, Object> perMethod = new LinkedHashMap<>();
        for (String method : ev.paths().keySet()) {
            double mask = ev.fidelity().stream().filter(c -> c.method().equals(method))
                    .mapToDouble(Evaluation.ClipFidelity::maskMsPerFrame).average().orElse(Double.NaN);
            perMethod.put(method, Map.of("maskMsPerFrame", mask, "framesPerSecond", 1000 / mask));
        }
        speed.put("methods", perMethod);
        speed.put("stagesMsPerFrame", ev.stages());
        speed.put("evaluationSeconds", seconds);
        root.put("speed", speed);
        return root;
    }

    private static List<Object> methods(List<Privacy.Result> results, double differentPersonMean) {
        List<Object> methods = new ArrayList<>();
        for (Privacy.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("probes", r.probes());
            m.put("chance", r.chance());
            m.put("chanceRule", r.chanceRule().name());
            m.put("chanceOneOverIdentities", r.chanceIdentities());
            m.put("chanceGalleryShare", r.chanceGalleryShare());
            m.put("rank1MaskedVsOriginalGallery", r.rank1Original());
            m.put("rank1MaskedVsOriginalGallery95", r.rank1OriginalInterval());
            m.put("rank1MaskedVsOriginalGalleryClipBootstrap95", r.rank1OriginalClipInterval());
            m.put("rank1MaskedVsMaskedGallery", r.rank1Masked());
            m.put("rank1MaskedVsMaskedGallery95", r.rank1MaskedInterval());
            m.put("rank1MaskedVsMaskedGalleryClipBootstrap95", r.rank1MaskedClipInterval());
            m.put("cosineToOwnOriginalMean", r.cosineOwnMean());
            m.put("cosineToOwnOriginalMedian", r.cosineOwnPercentile(0.5));
            m.put("cosineToOwnOriginalP95", r.cosineOwnPercentile(0.95));
            m.put("targetsMet", Targets.privacyMet(r, differentPersonMean));
            m.put("probePeople", r.probePeople());
            Map<String, Object> byClip = new LinkedHashMap<>();
            r.byProbeClip().forEach((clip, n) -> {
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("probes", n[0]);
                counts.put("hitsVsOriginalGallery", n[1]);
                counts.put("hitsVsMaskedGallery", n[2]);
                byClip.put(clip, counts);
            });
            m.put("byProbeClip", byClip);
            methods.add(m);
        }
        return methods;
    }

    private static Map<String, Object> fidelity(EyeFidelity f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gazeCorrelation", f.gazeCorrelation());
        m.put("gazeMaeDeg", f.gazeMaeDeg());
        m.put("gazeVerticalCorrelation", f.gazeVCorrelation());
        m.put("lidCorrelation", f.lidCorrelation());
        m.put("blinkF1", f.blinks().f1());
        m.put("blinksReference", f.blinks().reference());
        m.put("blinksMeasured", f.blinks().measured());
        m.put("blinksMatched", f.blinks().matched());
        m.put("nystagmusReferenceHz", f.nystagmusRefHz());
        m.put("nystagmusMeasuredHz", f.nystagmusHz());
        m.put("nystagmusErrorHz", f.nystagmusErrorHz());
        m.put("framesCompared", f.frames());
        return m;
    }
}
