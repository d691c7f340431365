package org.dmask.route.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.deid.MarkDeidentified;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.mask.ClipMasker.MaskedClip;
import org.dmask.mask.ClipMasker;
import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskProgress;
import org.dmask.mask.VideoMasker;
import org.dmask.video.FrameSources;
import org.dmask.video.VideoEncapsulator;
import org.dmask.video.VideoException;
import org.jboss.logging.Logger;

/**
 * The mask as a DICOM step: reads the (de-identified) video object, hands its frames to the {@link ClipMasker}, records
 * the cleaned pixels (Recognizable Visual Features NO, Burned In Annotation NO in {@code full} mode, the method and,
 * when flagged, the untracked share), and wraps the masked MP4 into a new object of the same kind, written complete
 * or not at all. The mask knows frames; the tags are known here.
 */
public final class DicomVideoMasker implements VideoMasker {

    private static final Logger LOG = Logger.getLogger(DicomVideoMasker.class);

    private final ClipMasker clips;

    public DicomVideoMasker(ClipMasker clips) {
        this.clips = clips;
    }

    @Override
    public void mask(Path in, Path out, MaskMode mode) throws IOException, MaskException {
        MaskedClip clip = mask(in, out, mode, MaskProgress.NONE);
        LOG.info(out + ": " + clip.details());
    }

    /** As {@link #mask(Path, Path, MaskMode)}, with progress; returns what the mask wrote. */
    public MaskedClip mask(Path in, Path out, MaskMode mode, MaskProgress progress) throws IOException, MaskException {
        if (mode == MaskMode.OFF) {
            throw new IllegalArgumentException("mask mode off: nothing to mask");
        }
        Attributes ds;
        String tsuid;
        try (DicomInputStream dis = new DicomInputStream(in)) {
            dis.readFileMetaInformation();
            ds = dis.readDataset();
            tsuid = dis.transferSyntax().uid();
        }
        Path mp4 = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".", ".mp4");
        try {
            MaskedClip clip = clips.mask(() -> FrameSources.open(ds, tsuid), mp4, mode, progress);
            MarkDeidentified.recordCleanedPixels(ds, mode == MaskMode.FULL, clip.recordNotes());
            VideoEncapsulator.Encapsulated enc;
            try {
                enc = new VideoEncapsulator().encapsulate(ds, mp4, clip.frameRate(), false);
            } catch (VideoException e) {
                throw new MaskException("the masked video cannot be wrapped: " + e.getMessage(), e);
            }
            if (enc.frames() != clip.frames()) {
                throw new MaskException("the encoder wrote " + enc.frames() + " samples for " + clip.frames()
                        + " frames");
            }
            enc.writeTo(out);
            return clip;
        } finally {
            Files.deleteIfExists(mp4);
        }
    }

    @Override
    public String checkRenderer() throws MaskException {
        return clips.checkRenderer();
    }
}
