package org.dmask.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.nio.file.Files;
import org.dmask.admin.ops.PixelTemplateOps;
import org.dmask.admin.security.Roles;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Clean Pixel Data's region templates, on {@link PixelTemplateOps}: the file's templates (device match and the
 * rectangles blanked on its images), and a test of which template an uploaded object would get (nothing cleaned).
 */
@Path("/console/pixel-templates")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
@Produces(MediaType.TEXT_HTML)
public class PixelTemplatesPage {

    @Inject
    @Location("console/pixel-templates.html")
    Template page;
    @Inject
    ConsoleRequest request;
    @Inject
    PixelTemplateOps templates;

    @GET
    public TemplateInstance show() {
        TemplateInstance t = page.instance().data("user", request.user()).data("active", "pixel-templates")
                .data("outcome", null).data("test", null);
        try {
            return t.data("view", templates.current()).data("error", null);
        } catch (RuntimeException e) {
            return t.data("view", null).data("error", e.getMessage());
        }
    }

    @POST
    @Path("test")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance test(@RestForm("object") FileUpload object) {
        TemplateInstance result = page.getFragment("result").instance();
        if (object == null || object.uploadedFile() == null || object.size() == 0) {
            return result.data("outcome", Outcome.failed("choose a DICOM object to test")).data("test", null);
        }
        PixelTemplateOps.TemplateTest[] test = new PixelTemplateOps.TemplateTest[1];
        Outcome o = Outcome.attempt(() -> {
            try (InputStream in = Files.newInputStream(object.uploadedFile())) {
                test[0] = templates.test(request.user().name(), in);
                return Outcome.done(test[0].matching().isEmpty() ? "no template matches this object"
                        : "matches " + String.join(", ", test[0].matching()));
            } finally {
                Files.deleteIfExists(object.uploadedFile());
            }
        });
        return result.data("outcome", o).data("test", test[0]);
    }
}
