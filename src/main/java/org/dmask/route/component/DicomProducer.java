package org.dmask.route.component;

import org.dmask.route.spool.VideoSopClasses;
import org.dmask.route.spool.DurableFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.StoreScu;
import org.dmask.video.FrameProcessor;
import org.dmask.video.LosslessTranscoder;
import org.dmask.video.VideoSettings;
import org.dmask.video.VideoTranscoder;

/**
 * The SCU as a Camel producer: stores the body (a file) by C-STORE. Success and warning statuses succeed. The peer
 * being unreachable, a transient rejection, the association failing or "out of resources" (A7xx) are transient
 * failures; a permanent rejection of the association, of the SOP class or of every transfer syntax proposed, and any
 * other failure status are permanent: sending again would be refused the same way.
 *
 * <p>The transcoding fallback: when the peer takes the SOP class but none of the transfer syntaxes proposed for an
 * encapsulated image (native ones are re-encoded by the SCU itself), the object is decoded to Explicit VR Little
 * Endian where that is exact ({@link LosslessTranscoder}) and sent once more; a video is re-encoded to H.264 High
 * Profile (a new SOP Instance UID, derived from the source's: lossy to lossy). Otherwise the refusal is permanent with
 * the reason the fallback could not be taken.
 */
public class DicomProducer extends DefaultProducer {

    /** H.264 High Profile syntaxes: a video in one of them has nothing better to be re-encoded to. */
    private static final java.util.Set<String> H264 = java.util.Set.of(UID.MPEG4HP41, UID.MPEG4HP41F,
            UID.MPEG4HP41BD, UID.MPEG4HP41BDF, UID.MPEG4HP422D, UID.MPEG4HP422DF, UID.MPEG4HP423D, UID.MPEG4HP423DF,
            UID.MPEG4HP42STEREO, UID.MPEG4HP42STEREOF);

    private final ScuSettings settings;
    private final VideoSettings video;

    DicomProducer(DicomEndpoint endpoint, ScuSettings settings, VideoSettings video) {
        super(endpoint);
        this.settings = settings;
        this.video = video;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path file = body(exchange);
        StoreScu.Result r = store(file);
        if (r.success() || r.warning()) {
            exchange.getMessage().setHeader("DmaskStatus", r.status());
            return;
        }
        if (r.failure() != StoreScu.Failure.TRANSFER_SYNTAX_NOT_ACCEPTED) {
            throw new DeliveryException("C-STORE to " + peer() + ": " + r, r.permanent());
        }
        StoreScu.Instance original = StoreScu.probe(file);
        String refused = TransferSyntax.of(original.ts().uid()).name();
        boolean isVideo = VideoSopClasses.isVideo(original.cuid(), original.ts().uid());
        String as = isVideo ? "re-encoded to H.264 High Profile" : "decoded to Explicit VR Little Endian";
        Path fallback = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + UUID.randomUUID()
                + ".fallback" + DurableFiles.TMP_SUFFIX);
        try {
            try {
                if (!original.ts().encapsulated()) {
                    throw new IOException("the peer refuses the uncompressed syntaxes too");
                } else if (isVideo) {
                    if (H264.contains(original.ts().uid())) {
                        throw new IOException("the video is in H.264 High Profile already");
                    }
                    new VideoTranscoder(video).transcode(file, fallback, FrameProcessor.UNCHANGED);
                } else {
                    LosslessTranscoder.toExplicitVRLittleEndian(file, fallback);
                }
            } catch (IOException e) {
                throw new DeliveryException("C-STORE to " + peer() + ": " + r + "; no fallback: " + e.getMessage(),
                        true, e);
            }
            StoreScu.Result again = store(fallback);
            if (!again.success() && !again.warning()) {
                throw new DeliveryException("C-STORE to " + peer() + ": " + r + "; " + as + ": " + again,
                        again.permanent());
            }
            exchange.getMessage().setHeader("DmaskStatus", again.status());
            exchange.getMessage().setHeader(DicomHeaders.NOTE, "sent " + as + ": the peer refused " + refused);
        } finally {
            Files.deleteIfExists(fallback);
        }
    }

    private StoreScu.Result store(Path file) {
        return new StoreScu(settings).store(List.of(file), x -> { }).get(0);
    }

    private String peer() {
        return settings.calledAET() + "@" + settings.host() + ":" + settings.port();
    }

    static Path body(Exchange exchange) {
        Object b = exchange.getIn().getBody();
        if (b instanceof Path p) {
            return p;
        }
        if (b instanceof File f) {
            return f.toPath();
        }
        if (b instanceof String s) {
            return Path.of(s);
        }
        throw new IllegalArgumentException("body must be a file: " + (b == null ? "null" : b.getClass().getName()));
    }
}
