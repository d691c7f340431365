package org.dmask.bench;

import java.nio.file.Path;
import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskPipeline;
import org.dmask.mask.MaskTestSupport;

/**
 * End-to-end masking speed (both passes: decode, analyse, decode, render, encode) of the given plain video files,
 * full mode, with the stage breakdown. A benchmark, not a test: see conformance/bench-mask.sh.
 *
 * <p>usage: MaskBenchmark OUT_DIR VIDEO...
 */
public final class MaskBenchmark {

    private MaskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path outDir = Path.of(args[0]);
        MaskPipeline pipeline = MaskTestSupport.pipeline(1.0);
        for (int i = 1; i < args.length; i++) {
            Path in = Path.of(args[i]);
            MaskPipeline.Result r = pipeline.mask(in, outDir.resolve("masked-" + in.getFileName() + ".mp4"),
                    MaskMode.FULL, MaskPipeline.Progress.NONE);
            System.out.println(in.getFileName() + ": " + r.summary());
        }
    }
}
