package org.dmask.eval;

import org.dmask.mask.MaskProgress;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dmask.face.BgrImage;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FrameAnalysis;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.eye.GazeReadback;
import org.dmask.mask.pipeline.MaskPipeline;
import org.dmask.mask.gl.RenderedFrame;

/**
 * Ground truth for the eye signals: the avatar is rendered with {@link ScriptedMotion}, the rendered frames are
 * analysed by the face package like any video, and the measurements are compared with the script. The script is
 * in the analysis's own units and the avatar is posed from it as the mask poses a patient's measurements, so a
 * faithful chain reads the script back. A line per eye (measured = slope·scripted + offset) is still fitted on a
 * separate calibration sequence and applied, unchanged, to the test sequence: its slope and offset show how far
 * the chain is from reading back what it was given (1 and 0 when it is exact).
 */
public final class GroundTruth {

    /**
     * @param right, left         per-eye comparison with the script
     * @param calibrationRight    the right eye's calibration line, fitted on the calibration sequence only
     * @param truthRight, truthLeft the script as series
     * @param measured            the analysis of the test sequence
     * @param trackedFraction     share of test frames in which the face was tracked
     * @param renderMsPerFrame    render time per frame
     * @param analyseMsPerFrame   analysis time per frame
     * @param readbackMsPerFrame  time per frame spent reading the drawing back ({@link GazeReadback})
     */
    public record Result(EyeFidelity right, EyeFidelity left, Signals.Line calibrationRight,
            Signals.Line calibrationLeft, ScriptedMotion script, EyeSeries truthRight, EyeSeries truthLeft,
            ClipAnalysis measured, double trackedFraction, double renderMsPerFrame, double analyseMsPerFrame,
            double readbackMsPerFrame, String renderPath, BgrImage exampleFrame) {
    }

    private final AvatarRenderer renderer;
    private final Supplier<FaceAnalyzer> analyzers;
    private long renderNanos, analyseNanos, readbackNanos, frames;

    public GroundTruth(AvatarRenderer renderer, Supplier<FaceAnalyzer> analyzers) {
        this.renderer = renderer;
        this.analyzers = analyzers;
    }

    public Result run(ScriptedMotion calibration, ScriptedMotion test) {
        ClipAnalysis cal = analyse(calibration, new BgrImage[1]);
        Signals.Line calRight = calibrationLine(calibration.truth(true), EyeSeries.of(cal, true));
        Signals.Line calLeft = calibrationLine(calibration.truth(false), EyeSeries.of(cal, false));
        BgrImage[] example = new BgrImage[1];
        ClipAnalysis measured = analyse(test, example);
        EyeSeries truthRight = test.truth(true), truthLeft = test.truth(false);
        EyeFidelity right = EyeFidelity.compare(truthRight, EyeSeries.of(measured, true), test.fps(), calRight);
        EyeFidelity left = EyeFidelity.compare(truthLeft, EyeSeries.of(measured, false), test.fps(), calLeft);
        return new Result(right, left, calRight, calLeft, test, truthRight, truthLeft, measured,
                measured.summary().trackedFraction(), renderNanos / 1e6 / frames, analyseNanos / 1e6 / frames,
                readbackNanos / 1e6 / frames, renderer.path() + " (" + renderer.glRenderer() + ")", example[0]);
    }

    private static Signals.Line calibrationLine(EyeSeries truth, EyeSeries measured) {
        return Signals.fit(truth.gazeH(), Signals.without(measured.gazeH(), EyeFidelity.closed(truth, measured)));
    }

    /**
     * Renders the script as the mask draws a clip (its drawing read back and the horizontal gaze corrected first,
     * {@link GazeReadback}) and analyses every frame.
     */
    private ClipAnalysis analyse(ScriptedMotion script, BgrImage[] example) {
        GazeReadback.Corrections corrections = readBack(script);
        FaceAnalyzer analyzer = analyzers.get();
        List<FrameAnalysis> out = new ArrayList<>();
        for (int i = 0; i < script.frames(); i++) {
            long t0 = System.nanoTime();
            RenderedFrame rendered = renderer.render(script.frame(i, corrections.of(i, true),
                    corrections.of(i, false)));
            long t1 = System.nanoTime();
            BgrImage image = rendered.toBgrImage();
            out.add(analyzer.analyze(image, script.time(i)));
            long t2 = System.nanoTime();
            renderNanos += t1 - t0;
            analyseNanos += t2 - t1;
            frames++;
            if (i == script.frames() / 3) {
                example[0] = image;
            }
        }
        return new ClipAnalysis(out, script.fps());
    }

    private GazeReadback.Corrections readBack(ScriptedMotion script) {
        GazeReadback.Clip clip = new GazeReadback.Clip() {
            @Override
            public int frames() {
                return script.frames();
            }

            @Override
            public AvatarFrame drawn(int frame) {
                return script.frame(frame);
            }

            @Override
            public double[] wanted(int frame) {
                return script.wantedGazeH(frame);
            }
        };
        long t0 = System.nanoTime();
        try {
            // One thread: the renderer's context belongs to this one.
            return GazeReadback.measure(clip, script.fps(), 1, renderer::render, analyzers,
                    MaskProgress.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the drawing back", e);
        } finally {
            readbackNanos += System.nanoTime() - t0;
        }
    }
}
