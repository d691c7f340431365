package org.dmask.dicomweb;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;
import io.vertx.ext.web.RoutingContext;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.jboss.logging.Logger;

/**
 * STOW-RS (PS3.18 §10.5): {@code POST /dicomweb/studies[/{study}]} with {@code multipart/related;
 * type="application/dicom"}. Each part is streamed to the spool, fsynced, checked (it must parse as DICOM with SOP
 * Class and Instance UIDs, and belong to the study in the path), renamed atomically, and only then handed to the
 * routes and counted as stored. The answer is the PS3.18 response data set as application/dicom+json, with a
 * Warning header per failure giving its reason.
 */
@Path("/dicomweb/studies")
public class StowResource {

    private static final Logger LOG = Logger.getLogger(StowResource.class);
    static final String DICOM_JSON = "application/dicom+json";

    @Inject
    StowReceiver receiver;
    @Inject
    DicomwebConfig config;

    @POST
    @Blocking
    public Response store(InputStream body, @HeaderParam("Content-Type") String contentType,
            @Context RoutingContext request, @Context SecurityContext security) {
        return handle(null, body, contentType, request, security);
    }

    @POST
    @Path("{study}")
    @Blocking
    public Response storeIntoStudy(@PathParam("study") String study, InputStream body,
            @HeaderParam("Content-Type") String contentType, @Context RoutingContext request,
            @Context SecurityContext security) {
        return handle(study, body, contentType, request, security);
    }

    private Response handle(String study, InputStream body, String contentType, RoutingContext request,
            SecurityContext security) {
        if (!config.enabled()) {
            return problem(404, "STOW-RS is switched off here (dmask.dicomweb.enabled=false)");
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("multipart/related")) {
            return problem(415, "STOW-RS takes multipart/related; type=\"application/dicom\", not '"
                    + (contentType == null ? "no Content-Type" : contentType) + "'");
        }
        String type = MultipartRelatedReader.param(contentType, "type");
        if (type != null && !type.equalsIgnoreCase("application/dicom")) {
            return problem(415, "only type=\"application/dicom\" parts are supported (got type=\"" + type + "\")");
        }
        String boundary = MultipartRelatedReader.boundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            return problem(400, "the multipart/related Content-Type has no boundary parameter");
        }
        java.nio.file.Path spool = receiver.spoolDirectory();
        if (spool == null) {
            return problem(503, "the gateway is not running");
        }
        String who = security != null && security.getUserPrincipal() != null ? security.getUserPrincipal().getName()
                : "stow-rs";
        String remote = request != null && request.request().remoteAddress() != null
                ? request.request().remoteAddress().host() : null;
        Upload upload = request != null ? request.get(Upload.KEY) : null; // admitted by UploadLimits
        StowResult result = new StowResult();
        MultipartRelatedReader reader = new MultipartRelatedReader(upload != null ? upload.meter(body) : body,
                boundary);
        try {
            int n = 0;
            for (MultipartRelatedReader.Part part; (part = reader.next()) != null; ) {
                n++;
                storePart(n, part, study, spool, who, remote, result);
            }
            if (n == 0) {
                return problem(400, "the multipart body has no parts");
            }
        } catch (IOException e) {
            if (upload != null && upload.abortedBecause() != null) {
                // UploadLimits closed the connection and logged why; the part being spooled is deleted.
                return problem(408, "upload " + upload.abortedBecause());
            }
            if (!(e instanceof MultipartRelatedReader.MultipartException)) {
                LOG.warnf("STOW-RS upload from %s ended: %s", remote, e.getMessage());
                result.failed.add(new StowResult.Failed(null, null, StowResult.PROCESSING_FAILURE,
                        "upload ended: " + e.getMessage()));
            } else if (result.stored.isEmpty()) {
                return problem(400, "malformed multipart/related body: " + e.getMessage());
            } else {
                result.failed.add(new StowResult.Failed(null, null, StowResult.CANNOT_UNDERSTAND,
                        "malformed multipart/related body: " + e.getMessage()));
            }
        }
        if (!result.failed.isEmpty()) {
            receiver.refused(result.httpStatus(), result.failed.stream().map(StowResult.Failed::why).toList(), who,
                    remote);
        }
        Response.ResponseBuilder rb = Response.status(result.httpStatus()).type(DICOM_JSON)
                .entity(result.toJson(null));
        for (StowResult.Failed f : result.failed) {
            rb.header("Warning", "299 dmask \"" + f.why().replace('"', '\'') + "\"");
        }
        return rb.build();
    }

    private void storePart(int n, MultipartRelatedReader.Part part, String study, java.nio.file.Path spool,
            String who, String remote, StowResult result) throws IOException {
        String ct = part.contentType() == null ? "" : part.contentType().split(";")[0].strip();
        if (!ct.equalsIgnoreCase("application/dicom")) {
            part.body().close();
            result.failed.add(new StowResult.Failed(null, null, StowResult.CANNOT_UNDERSTAND, "part " + n
                    + " is '" + (ct.isEmpty() ? "without Content-Type" : ct) + "', not application/dicom"));
            return;
        }
        java.nio.file.Path tmp = spool.resolve(".stow-" + UUID.randomUUID() + ".part");
        try {
            long max = config.maxPartSize().asLongValue();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (copyAtMost(part.body(), Channels.newOutputStream(ch), max) > max) {
                    part.body().transferTo(OutputStream.nullOutputStream()); // on to the next part
                    result.failed.add(new StowResult.Failed(null, null, StowResult.OUT_OF_RESOURCES, "part " + n
                            + " is larger than dmask.dicomweb.max-part-size (" + max + " bytes)"));
                    return;
                }
                ch.force(true);
            }
            Attributes ds;
            try (DicomInputStream in = new DicomInputStream(tmp)) {
                in.readFileMetaInformation();
                ds = in.readDataset();
                ds.disposeBulkData();
            } catch (IOException | RuntimeException e) {
                result.failed.add(new StowResult.Failed(null, null, StowResult.CANNOT_UNDERSTAND,
                        "part " + n + " is not a DICOM Part 10 object: " + e.getMessage()));
                return;
            }
            String cuid = ds.getString(Tag.SOPClassUID);
            String iuid = ds.getString(Tag.SOPInstanceUID);
            if (cuid == null || iuid == null) {
                result.failed.add(new StowResult.Failed(cuid, iuid, StowResult.CANNOT_UNDERSTAND,
                        "part " + n + " has no SOP Class UID or SOP Instance UID"));
                return;
            }
            if (study != null && !study.equals(ds.getString(Tag.StudyInstanceUID))) {
                result.failed.add(new StowResult.Failed(cuid, iuid, StowResult.DOES_NOT_MATCH,
                        "part " + n + " belongs to another study than the one in the request path"));
                return;
            }
            java.nio.file.Path spooled = spool.resolve("stow-" + UUID.randomUUID() + ".dcm");
            Files.move(tmp, spooled, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(spool, StandardOpenOption.READ)) {
                d.force(true);
            }
            result.stored.add(new StowResult.Stored(cuid, iuid));
            try {
                receiver.received(spooled, who, remote);
            } catch (IOException | RuntimeException e) {
                // Durable in the spool already: it is routed at the next start.
                LOG.errorf("STOW-RS instance kept in the spool, routed at restart: %s", e.getMessage());
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies until the end or until more than {@code max} bytes were read; returns the bytes read. */
    private static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) {
                return total;
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static Response problem(int status, String reason) {
        return Response.status(status).type("text/plain").header("Warning", "299 dmask \"" + reason.replace('"', '\'')
                + "\"").entity(reason + "\n").build();
    }
}
