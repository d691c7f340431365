package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dmask.mask.DigitalMask;
import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskPipeline;
import org.dmask.mask.RendererUnavailableException;
import org.dmask.model.ModelNotAvailableException;
import org.dmask.video.VideoException;

/**
 * {@code dmask mask IN OUT [--mode full|face]}: the digital mask over a whole video. A DICOM video becomes a new DICOM
 * object of the same kind; a plain video file (mkv, mp4, gif …) becomes an MP4. Progress on stderr, one summary line
 * on stdout; nothing is written unless the whole video was masked.
 */
@ApplicationScoped
public class MaskCommand implements DmaskCommand {

    static final String USAGE = "dmask mask IN OUT [--mode full|face]";
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Inject
    DigitalMask mask;

    @Override
    public String name() {
        return "mask";
    }

    @Override
    public String summary() {
        return "replace the face in a video with the generic avatar (DICOM video → DICOM, plain video → MP4)";
    }

    @Override
    public String usage() {
        return USAGE + "\n"
                + "  --mode full   the avatar on a neutral background, nothing of the original (default: dmask.mask.mode)\n"
                + "  --mode face   the avatar over the face oval, every other face's head covered, the rest kept";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        Path in = null;
        Path output = null;
        MaskMode mode = mask.defaultMode();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--mode")) {
                if (i + 1 >= args.size()) {
                    throw CommandException.usage("--mode needs full or face (usage: " + USAGE + ")");
                }
                String m = args.get(++i);
                if (!m.equals("full") && !m.equals("face")) {
                    throw CommandException.usage("--mode is full or face, not '" + m + "'");
                }
                mode = MaskMode.valueOf(m.toUpperCase(Locale.ROOT));
            } else if (a.startsWith("-") && a.length() > 1) {
                throw CommandException.usage("unknown option '" + a + "' (usage: " + USAGE + ")");
            } else if (in == null) {
                in = Path.of(a);
            } else if (output == null) {
                output = Path.of(a);
            } else {
                throw CommandException.usage("unexpected argument '" + a + "' (usage: " + USAGE + ")");
            }
        }
        if (in == null || output == null) {
            throw CommandException.usage("IN and OUT are required (usage: " + USAGE + ")");
        }
        if (!Files.isRegularFile(in)) {
            throw CommandException.failed(in + ": no such file");
        }
        long[] last = {System.nanoTime()};
        long start = last[0];
        MaskPipeline.Progress progress = (pass, done, total) -> {
            long now = System.nanoTime();
            if (now - last[0] >= PROGRESS_NANOS) {
                last[0] = now;
                err.printf(Locale.ROOT, "dmask mask: %s frame %d%s, %.1f s%n", pass, done,
                        total > 0 ? "/" + total : "", (now - start) / 1e9);
            }
        };
        try {
            MaskPipeline.Result r = mask.pipeline().mask(in, output, mode, progress);
            out.println(r.summary());
            return 0;
        } catch (VideoException | RendererUnavailableException | ModelNotAvailableException e) {
            throw CommandException.failed(in + ": " + e.getMessage());
        }
    }
}
