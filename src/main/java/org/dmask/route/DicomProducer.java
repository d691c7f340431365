package org.dmask.route;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.StoreScu;
import org.dmask.video.LosslessTranscoder;

/**
 * The SCU as a Camel producer: stores the body (a file) by C-STORE. Success and warning statuses succeed. The peer
 * being unreachable, a transient rejection, the association failing or "out of resources" (A7xx) are transient
 * failures; a permanent rejection of the association, of the SOP class or of every transfer syntax proposed, and any
 * other failure status are permanent: sending again would be refused the same way.
 *
 * <p>The transcoding fallback: when the peer takes the SOP class but none of the transfer syntaxes proposed for an
 * encapsulated image (native ones are re-encoded by the SCU itself), the object is decoded to Explicit VR Little
 * Endian where that is exact ({@link LosslessTranscoder}) and sent once more; otherwise, and for videos, the refusal
 * is permanent with the reason the fallback could not be taken.
 */
public class DicomProducer extends DefaultProducer {

    private final ScuSettings settings;

    DicomProducer(DicomEndpoint endpoint, ScuSettings settings) {
        super(endpoint);
        this.settings = settings;
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
        if (VideoSopClasses.isVideo(original.cuid(), original.ts().uid())) {
            throw new DeliveryException("C-STORE to " + peer() + ": " + r + "; no fallback: videos are not re-encoded "
                    + "for a peer that refuses their transfer syntax", true);
        }
        Path decoded = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + UUID.randomUUID()
                + ".native" + DurableFiles.TMP_SUFFIX);
        try {
            try {
                LosslessTranscoder.toExplicitVRLittleEndian(file, decoded);
            } catch (IOException e) {
                throw new DeliveryException("C-STORE to " + peer() + ": " + r + "; no fallback: " + e.getMessage(),
                        true, e);
            }
            StoreScu.Result again = store(decoded);
            if (!again.success() && !again.warning()) {
                throw new DeliveryException("C-STORE to " + peer() + ": " + r + "; decoded to Explicit VR Little "
                        + "Endian: " + again, again.permanent());
            }
            exchange.getMessage().setHeader("DmaskStatus", again.status());
            exchange.getMessage().setHeader(DicomHeaders.NOTE, "sent decoded to Explicit VR Little Endian: the peer "
                    + "refused " + TransferSyntax.of(original.ts().uid()).name());
        } finally {
            Files.deleteIfExists(decoded);
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
