package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmask.eval.Baseline;
import org.dmask.eval.ClipMasker;
import org.dmask.eval.DigitalMaskMasker;
import org.dmask.eval.EvalConfig;
import org.dmask.eval.Evaluation;
import org.dmask.eval.FaceEmbedder;
import org.dmask.eval.GroundTruth;
import org.dmask.eval.IdentityLabels;
import org.dmask.eval.LabelledClip;
import org.dmask.eval.Privacy;
import org.dmask.eval.ScriptedMotion;
import org.dmask.eval.report.EvaluationReport;
import org.dmask.eval.report.EvaluationSummary;
import org.dmask.face.FaceAnalyzers;
import org.dmask.face.FaceDetector;
import org.dmask.mask.MaskConfig;
import org.dmask.mask.MaskMode;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.mask.gl.RendererUnavailableException;
import org.dmask.mask.pipeline.DigitalMask;
import org.dmask.model.ModelNotAvailableException;
import org.dmask.model.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmask evaluate [--media DIR] [--out DIR] [--frames N]}: scripted ground truth, privacy (re-identification
 * with an evaluation-only embedding) and clinical fidelity of the mask and the baselines; writes report.html and
 * summary.json.
 */
@Command(name = "evaluate", description = "measure the mask's privacy and clinical fidelity against baselines "
        + "(report.html, summary.json)")
@Dependent
@Unremovable
public class EvaluateCommand extends DmaskCommand {

    @Option(names = "--media", paramLabel = "DIR",
            description = "labelled clips with a PROVENANCE.md identity table (default dmask.eval.media)")
    Path media;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "evaluation",
            description = "where to write report.html, summary.json and the plots (default ${DEFAULT-VALUE})")
    Path outDir;
    @Option(names = "--frames", paramLabel = "N", description = "use the first N frames of each clip (default: all)")
    Integer frames;

    @Inject
    ModelRegistry models;
    @Inject
    FaceAnalyzers analyzers;
    @Inject
    MaskConfig maskConfig;
    @Inject
    EvalConfig config;
    @Inject
    DigitalMask digitalMask;

    @Override
    protected int run(PrintStream out, PrintStream err) throws IOException {
        if (frames != null && frames < 1) {
            throw usageError("--frames needs a positive number, not " + frames);
        }
        Path media = this.media != null ? this.media : Path.of(config.media());
        int frames = this.frames != null ? this.frames : 0;
        try {
            return evaluate(media, outDir, frames, out, err);
        } catch (ModelNotAvailableException | RendererUnavailableException e) {
            throw CommandException.failed(e.getMessage());
        }
    }

    private int evaluate(Path media, Path outDir, int frames, PrintStream out, PrintStream err) throws IOException {
        long start = System.nanoTime();
        List<LabelledClip> clips;
        try {
            clips = IdentityLabels.read(media);
        } catch (IOException e) {
            throw CommandException.failed(e.getMessage());
        }
        GroundTruth.Result gt;
        err.println("dmask evaluate: ground truth (scripted avatar)");
        try (AvatarRenderer renderer = new AvatarRenderer(AvatarMesh.load(models.path("canonical-face")),
                RenderSettings.from(maskConfig))) {
            int n = config.groundTruthFrames();
            gt = new GroundTruth(renderer, analyzers::newAnalyzer).run(ScriptedMotion.calibration(n * 2 / 3),
                    ScriptedMotion.examination(n));
        }
        List<ClipMasker> maskers = new ArrayList<>();
        Path work = Files.createTempDirectory("dmask-evaluate");
        maskers.add(new DigitalMaskMasker(digitalMask.pipeline(), MaskMode.FULL, work));
        maskers.add(new DigitalMaskMasker(digitalMask.pipeline(), MaskMode.FACE, work));
        for (Baseline b : Baseline.values()) {
            maskers.add(ClipMasker.of(b));
        }
        Evaluation evaluation = new Evaluation(new FaceDetector(models.session(FaceDetector.MODEL)),
                FaceEmbedder.load(models), analyzers::newAnalyzer, err);
        Evaluation.Result result;
        try {
            result = evaluation.run(clips, maskers, frames, config.privacySamples());
        } finally {
            Files.deleteIfExists(work);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationSummary.write(gt, result, seconds, outDir);
        EvaluationReport.write(gt, result, seconds, outDir);
        out.printf(Locale.ROOT, "ground truth: gaze r %.3f / %.3f, MAE %.2f / %.2f deg, blink F1 %.2f / %.2f, "
                + "nystagmus error %.2f / %.2f Hz, lid r %.3f / %.3f (right / left)%n", gt.right().gazeCorrelation(),
                gt.left().gazeCorrelation(), gt.right().gazeMaeDeg(), gt.left().gazeMaeDeg(), gt.right().blinks().f1(),
                gt.left().blinks().f1(), gt.right().nystagmusErrorHz(), gt.left().nystagmusErrorHz(),
                gt.right().lidCorrelation(), gt.left().lidCorrelation());
        for (Privacy.Result p : result.privacy()) {
            out.printf(Locale.ROOT, "privacy %s: rank-1 %.1f%% vs original gallery, %.1f%% vs masked gallery (chance "
                    + "%.1f%%, %d probes); cosine to own original %.3f (different people %.3f)%n", p.method(),
                    100 * p.rank1Original(), 100 * p.rank1Masked(), 100 * p.chance(), p.probes(), p.cosineOwnMean(),
                    result.differentPersonMean());
        }
        out.printf(Locale.ROOT, "report: %s, summary: %s (%.0f s)%n", outDir.resolve("report.html"),
                outDir.resolve("summary.json"), seconds);
        return 0;
    }
}
