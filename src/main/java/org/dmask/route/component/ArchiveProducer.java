package org.dmask.route.component;

import org.dmask.route.spool.ObjectHeader;
import org.dmask.route.spool.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Writes the body (a DICOM file) to {@code <archive>/<Study>/<Series>/<SOP Instance>.dcm}, complete or not at all
 * (temporary name, fsync, atomic rename). A repeat of the same instance replaces it: at-least-once is harmless.
 */
public class ArchiveProducer extends DefaultProducer {

    private final Path root;

    ArchiveProducer(ArchiveEndpoint endpoint, Path root) {
        super(endpoint);
        this.root = root.toAbsolutePath();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path file = DicomProducer.body(exchange);
        ObjectHeader h;
        try {
            h = ObjectHeader.read(file);
        } catch (IOException e) {
            throw new DeliveryException("archive: cannot read the object: " + e.getMessage(), true, e);
        }
        if (h.sopInstanceUID() == null) {
            throw new DeliveryException("archive: the object has no SOP Instance UID", true);
        }
        Path target = root.resolve(safe(h.studyInstanceUID())).resolve(safe(h.value(org.dmask.dicom.Tag.SeriesInstanceUID)))
                .resolve(safe(h.sopInstanceUID()) + ".dcm");
        try {
            DurableFiles.copy(file, target);
        } catch (IOException e) {
            throw new DeliveryException("archive: cannot write " + target + ": " + e.getMessage(), false, e);
        }
        exchange.getMessage().setHeader("DmaskArchivedAs", target.toString());
    }

    /** A UID as a file name; anything that is not a plain UID becomes its SHA-256 (no path tricks). */
    static String safe(String uid) {
        if (uid != null && uid.matches("[0-9.]{1,64}") && !uid.startsWith(".")) {
            return uid;
        }
        if (uid == null) {
            return "unknown";
        }
        try {
            return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(uid.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
