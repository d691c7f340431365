package org.dmask.bench;

import org.dmask.mask.MaskProgress;

import java.nio.file.Path;
import org.dmask.mask.MaskMode;
import org.dmask.mask.pipeline.MaskPipeline;
import org.dmask.mask.MaskTestSupport;

/**
 * End-to-end masking speed (both passes: decode + analyse, then render + encode; full mode does not decode twice) of
 * the given plain video files, full mode, with the stage breakdown. Each file is masked REPS times in the same JVM;
 * the first run of the first file pays model loading and JIT warm-up, so read the later ones as the warm figure.
 * Each run is made twice, with the gaze readback ({@link org.dmask.mask.eye.GazeReadback}) and without it.
 * A benchmark, not a test: see tools/bench/bench-mask.sh.
 *
 * <p>usage: MaskBenchmark OUT_DIR REPS VIDEO...
 */
public final class MaskBenchmark {

    private MaskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path outDir = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        MaskPipeline pipeline = MaskTestSupport.pipeline(1.0);
        // The same settings without the gaze readback, run beside it so that its cost is a ratio within one run.
        MaskPipeline without = new MaskPipeline(MaskTestSupport::analyzer, MaskTestSupport.mesh(),
                pipeline.settings().withGazeReadback(false));
        for (int i = 2; i < args.length; i++) {
            Path in = Path.of(args[i]);
            for (int rep = 1; rep <= reps; rep++) {
                for (MaskPipeline p : new MaskPipeline[] {pipeline, without}) {
                    MaskPipeline.Result r = p.mask(in, outDir.resolve("masked-" + in.getFileName() + ".mp4"),
                            MaskMode.FULL, MaskProgress.NONE);
                    System.out.println(in.getFileName() + " run " + rep + "/" + reps + ", gaze readback "
                            + (p.settings().gazeReadback() ? "on" : "off") + ": " + r.summary());
                }
            }
        }
    }
}
