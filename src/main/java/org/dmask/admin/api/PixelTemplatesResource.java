package org.dmask.admin.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.dmask.admin.ops.PixelTemplateOps;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Clean Pixel Data's region templates: list them, and test which an object would get. */
@Path("/api/pixel-templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pixel-templates", description = "Clean Pixel Data region templates (dmask.deid.pixel-templates)")
public class PixelTemplatesResource {

    @Inject
    PixelTemplateOps templates;
    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "The templates file and its templates: device match and rectangles to blank")
    public PixelTemplateOps.TemplatesView current() {
        return Api.call(templates::current);
    }

    @POST
    @Path("test")
    @Blocking
    @Consumes({"application/dicom", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Which templates match a DICOM object (the body), and the rectangles they would blank; "
            + "nothing is cleaned, sent or kept")
    public PixelTemplateOps.TemplateTest test(InputStream object) {
        return Api.call(() -> templates.test(user.name(), object));
    }
}
