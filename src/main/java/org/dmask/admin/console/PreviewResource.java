package org.dmask.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import org.dmask.admin.console.PreviewService.Preview;
import org.dmask.admin.console.PreviewService.PreviewException;
import org.dmask.admin.security.Roles;
import org.dmask.mask.MaskMode;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The before/after preview of a masked video, for operators and admins. */
@Path("/console/preview")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class PreviewResource {

    private static final Logger LOG = Logger.getLogger(PreviewResource.class);

    @Inject
    @Location("console/preview.html")
    Template page;
    @Inject
    ConsoleRequest request;
    @Inject
    PreviewService previews;
    @Inject
    MaskedClips clips;
    @Inject
    SecurityIdentity identity;
    @Inject
    ConsoleConfig config;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form() {
        return page.data("user", request.user()).data("active", "preview")
                .data("maxFrames", config.preview().maxFrames()).data("error", null).data("p", null)
                .data("deadLetters", previews.videoDeadLetters());
    }

    /** Masks the upload and answers the result part of the page (htmx swaps it in). */
    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response make(@RestForm("file") FileUpload file, @RestForm("deadLetter") String deadLetter,
            @RestForm("mode") String mode, @RestForm("callingAet") String callingAet) throws IOException {
        TemplateInstance result = page.getFragment("result").instance();
        boolean uploaded = file != null && file.uploadedFile() != null && file.size() > 0;
        if (!uploaded && (deadLetter == null || deadLetter.isBlank())) {
            return Response.ok(result.data("error", "choose a DICOM video to upload, or a dead-lettered video")
                    .data("p", null)).build();
        }
        try {
            MaskMode override = mode == null || mode.isBlank() || mode.equals("rule") ? null : MaskMode.parse(mode);
            if (override == MaskMode.OFF) {
                override = null;
            }
            String user = identity.getPrincipal().getName();
            if (!uploaded) {
                Preview p = previews.previewDeadLetter(user, deadLetter.trim(), override, callingAet);
                String clip = clips.put(user, p.maskedMp4());
                return Response.ok(result.data("error", null).data("p", p).data("clip", clip)
                        .data("file", "dead letter " + deadLetter.trim()).data("png", new Png())).build();
            }
            long size = Files.size(file.uploadedFile());
            if (size > config.preview().maxUploadSize().asLongValue()) {
                return Response.ok(result.data("error", "the upload has " + size + " bytes, more than "
                        + "dmask.console.preview.max-upload-size allows").data("p", null)).build();
            }
            Preview p = previews.preview(user, file.uploadedFile(), override, callingAet);
            String clip = clips.put(user, p.maskedMp4());
            return Response.ok(result.data("error", null).data("p", p).data("clip", clip)
                    .data("file", file.fileName()).data("png", new Png())).build();
        } catch (PreviewException e) {
            Response.ResponseBuilder r = Response.status(e.busy() ? 503 : 200)
                    .entity(result.data("error", e.getMessage()).data("p", null));
            return (e.busy() ? r.header("Retry-After", "60") : r).build();
        } catch (IOException e) {
            LOG.warnf("console: preview failed: %s", e.getMessage());
            return Response.ok(result.data("error", "the preview failed: " + e.getMessage()).data("p", null)).build();
        } finally {
            if (file != null && file.uploadedFile() != null) {
                Files.deleteIfExists(file.uploadedFile()); // moved into the preview's folder, or still here: gone now
            }
        }
    }

    /** A recent preview's masked clip (only its maker gets it). */
    @GET
    @Path("clip/{id}")
    @Produces("video/mp4")
    public byte[] clip(@PathParam("id") String id) {
        byte[] mp4 = clips.get(identity.getPrincipal().getName(), id);
        if (mp4 == null) {
            throw new NotFoundException("no such clip; it expires a quarter of an hour after the preview");
        }
        return mp4;
    }

    /** PNG bytes as a data URI for an img element: the frames are never stored, only sent in this answer. */
    public static final class Png {
        public String uri(byte[] png) {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        }
    }
}
