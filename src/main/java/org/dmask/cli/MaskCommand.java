package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dmask.dicom.DicomInputStream;
import org.dmask.mask.MaskMode;
import org.dmask.mask.VideoMasker;
import org.dmask.mask.gl.RendererUnavailableException;
import org.dmask.mask.pipeline.DigitalMask;
import org.dmask.model.ModelNotAvailableException;
import org.dmask.route.delivery.DicomVideoMasker;
import org.dmask.video.VideoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dmask mask IN OUT [--mode full|face]}: the digital mask over a whole video. A DICOM video becomes a new DICOM
 * object of the same kind; a plain video file (mkv, mp4, gif …) becomes an MP4. Progress on stderr, one summary line
 * on stdout; nothing is written unless the whole video was masked.
 */
@Command(name = "mask", description = "replace the face in a video with the generic avatar (DICOM video → DICOM, "
        + "plain video → MP4)")
@Dependent
@Unremovable
public class MaskCommand extends DmaskCommand {

    @Parameters(index = "0", paramLabel = "IN",
            description = "a DICOM video, or a plain video file (mkv, mp4, gif ...)")
    Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "the masked DICOM object, or MP4")
    Path output;
    @Option(names = "--mode", paramLabel = "full|face", converter = ModeConverter.class, description = {
        "full: the avatar on a neutral background, nothing of the original (default: dmask.mask.mode)",
        "face: the avatar over the face oval, every other face's head covered, the rest kept"})
    MaskMode mode;

    @Inject
    DigitalMask mask;

    @Override
    protected int run(PrintStream out, PrintStream err) throws IOException {
        MaskMode mode = this.mode != null ? this.mode : mask.defaultMode();
        if (!Files.isRegularFile(in)) {
            throw CommandException.failed(in + ": no such file");
        }
        Progress progress = Progress.on(err, "dmask mask");
        try {
            String summary = DicomInputStream.isPart10File(in) // anything else goes to FFmpeg as a video file
                    ? output + ": " + new DicomVideoMasker(mask).mask(in, output, mode, progress::update).details()
                    : mask.pipeline().maskVideoFile(in, output, mode, progress::update).summary();
            progress.done();
            out.println(summary);
            return 0;
        } catch (VideoException | RendererUnavailableException | ModelNotAvailableException
                | VideoMasker.MaskException e) {
            progress.done();
            throw CommandException.failed(in + ": " + e.getMessage());
        }
    }

    /** full or face, lower case as written in the configuration. */
    static final class ModeConverter implements ITypeConverter<MaskMode> {
        @Override
        public MaskMode convert(String value) {
            if (!value.equals("full") && !value.equals("face")) {
                throw new TypeConversionException("full or face, not '" + value + "'");
            }
            return MaskMode.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
