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
    @Option(names = "--frames", paramLabel = "N", description = "use the first N frames of each clip (default: all);"
            + " the identity photos become clips of N frames (default " + PHOTO_CLIP_FRAMES + ")")
    Integer frames;
    @Option(names = "--identities-only", description = "run only the identity test across occasions (photos in "
            + "<media>/identities), not the ground truth and the signing clips")
    boolean identitiesOnly;

    /** Frames of a clip made from an identity photo: 2.5 s at 30 fps. */
    static final int PHOTO_CLIP_FRAMES = 75;

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
        List<LabelledClip> clips = null, photos = null;
        Path identitiesDir = media.resolve("identities");
        String identitiesNote = null;
        try {
            if (!identitiesOnly) {
                clips = IdentityLabels.read(media);
            }
            if (identitiesOnly || Files.isDirectory(identitiesDir)) {
                photos = IdentityLabels.photos(identitiesDir);
            } else {
                identitiesNote = identitiesDir + " is not a folder (photos person_N.jpg)";
                err.println("dmask evaluate: " + identitiesNote + "; the identity test across occasions is skipped");
            }
        } catch (IOException e) {
            throw CommandException.failed(e.getMessage());
        }
        GroundTruth.Result gt = null;
        Evaluation.Result result = null;
        Evaluation.PrivacySet identities = null;
        Evaluation evaluation = new Evaluation(new FaceDetector(models.session(FaceDetector.MODEL)),
                FaceEmbedder.load(models), analyzers::newAnalyzer, err);
        Path work = Files.createTempDirectory("dmask-evaluate");
        try {
            if (clips != null) {
                err.println("dmask evaluate: ground truth (scripted avatar)");
                try (AvatarRenderer renderer = new AvatarRenderer(AvatarMesh.load(models.path("canonical-face")),
                        RenderSettings.from(maskConfig))) {
                    int n = config.groundTruthFrames();
                    gt = new GroundTruth(renderer, analyzers::newAnalyzer).run(ScriptedMotion.calibration(n * 2 / 3),
                            ScriptedMotion.examination(n));
                }
                result = evaluation.run(clips, maskers(work), frames, config.privacySamples());
            }
            if (photos != null) {
                Path photoWork = work.resolve("identities");
                try {
                    identities = evaluation.photos(photos, maskers(work), photoWork,
                            frames > 0 ? frames : PHOTO_CLIP_FRAMES, config.identitySamples());
                } finally {
                    Files.deleteIfExists(photoWork);
                }
            }
        } finally {
            Files.deleteIfExists(work);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationSummary.write(gt, result, identities, identitiesNote, seconds, outDir);
        EvaluationReport.write(gt, result, identities, identitiesNote, seconds, outDir);
        if (gt != null) {
            out.printf(Locale.ROOT, "ground truth: gaze r %.3f / %.3f, MAE %.2f / %.2f deg, blink F1 %.2f / %.2f, "
                    + "nystagmus error %.2f / %.2f Hz, lid r %.3f / %.3f (right / left)%n",
                    gt.right().gazeCorrelation(), gt.left().gazeCorrelation(), gt.right().gazeMaeDeg(),
                    gt.left().gazeMaeDeg(), gt.right().blinks().f1(), gt.left().blinks().f1(),
                    gt.right().nystagmusErrorHz(), gt.left().nystagmusErrorHz(), gt.right().lidCorrelation(),
                    gt.left().lidCorrelation());
        }
        if (result != null) {
            print(out, "privacy", result.privacy(), result.differentPersonMean());
        }
        if (identities != null) {
            print(out, "identities across occasions", identities.privacy(), identities.differentPersonMean());
        }
        out.printf(Locale.ROOT, "report: %s, summary: %s (%.0f s)%n", outDir.resolve("report.html"),
                outDir.resolve("summary.json"), seconds);
        return 0;
    }

    /** The digital mask in both modes and the baselines, each with its own timings. */
    private List<ClipMasker> maskers(Path work) {
        List<ClipMasker> maskers = new ArrayList<>();
        maskers.add(new DigitalMaskMasker(digitalMask.pipeline(), MaskMode.FULL, work));
        maskers.add(new DigitalMaskMasker(digitalMask.pipeline(), MaskMode.FACE, work));
        for (Baseline b : Baseline.values()) {
            maskers.add(ClipMasker.of(b));
        }
        return maskers;
    }

    private static void print(PrintStream out, String set, List<Privacy.Result> results, double differentPersonMean) {
        for (Privacy.Result p : results) {
            out.printf(Locale.ROOT, "%s %s: rank-1 %.1f%% vs original gallery, %.1f%% vs masked gallery (chance "
                    + "%.1f%%, %d probes); cosine to own original %.3f (different people %.3f)%n", set, p.method(),
                    100 * p.rank1Original(), 100 * p.rank1Masked(), 100 * p.chance(), p.probes(), p.cosineOwnMean(),
                    differentPersonMean);
        }
    }
}
