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
import java.util.ArrayList;
import java.util.List;
import org.dmask.admin.ops.RuleOps;
import org.dmask.admin.security.Roles;
import org.dmask.route.rules.RuleException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The rules editor, on {@link RuleOps}: the running rule file; a candidate validated with the error at its line; a
 * dry run of the candidate against an uploaded object (what would happen, nothing sent); apply (admin).
 */
@Path("/console/rules")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
@Produces(MediaType.TEXT_HTML)
public class RulesPage {

    /** One line of the candidate, numbered, with the error when it is on this line. */
    public record Line(int number, String text, String error) {
    }

    @Inject
    @Location("console/rules.html")
    Template page;
    @Inject
    ConsoleRequest request;
    @Inject
    RuleOps rules;

    @GET
    public TemplateInstance show() {
        TemplateInstance t = page.instance().data("user", request.user()).data("active", "rules")
                .data("outcome", null).data("lines", List.of()).data("dryRun", null);
        try {
            RuleOps.RulesView v = rules.current();
            return t.data("view", v).data("text", v.text()).data("error", null);
        } catch (RuntimeException e) {
            return t.data("view", null).data("text", "").data("error", e.getMessage());
        }
    }

    @POST
    @Path("validate")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance validate(@RestForm("rules") String candidate) {
        String text = candidate == null ? "" : candidate;
        int[] line = new int[1];
        Outcome o = Outcome.attempt(() -> {
            RuleOps.Validation v = rules.validate(text);
            line[0] = v.line();
            return v.valid() ? Outcome.done("valid: " + v.rules() + " rule(s), " + v.targets() + " target(s)")
                    : Outcome.failed(atLine(v.line(), v.error()));
        });
        return result(o, text, o.ok() ? 0 : line[0]);
    }

    @POST
    @Path("dry-run")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance dryRun(@RestForm("rules") String candidate, @RestForm("object") FileUpload object,
            @RestForm("callingAet") String callingAet) {
        String text = candidate == null ? "" : candidate;
        if (object == null || object.uploadedFile() == null || object.size() == 0) {
            return result(Outcome.failed("choose a DICOM object for the dry run"), text, 0);
        }
        RuleOps.DryRun[] run = new RuleOps.DryRun[1];
        int[] line = new int[1];
        Outcome o = Outcome.attempt(() -> {
            try (InputStream in = Files.newInputStream(object.uploadedFile())) {
                run[0] = rules.dryRun(text.isBlank() ? null : text, in, blank(callingAet), null, null);
                return Outcome.done(run[0].outcome());
            } catch (RuleException e) {
                line[0] = e.line();
                return Outcome.failed(atLine(e.line(), e.getMessage()));
            } finally {
                Files.deleteIfExists(object.uploadedFile());
            }
        });
        return result(o, text, line[0]).data("dryRun", run[0]);
    }

    @POST
    @Path("apply")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance apply(@RestForm("rules") String candidate) {
        String text = candidate == null ? "" : candidate;
        int[] line = new int[1];
        Outcome o = Outcome.attempt(() -> {
            try {
                RuleOps.Validation v = rules.apply(request.user().name(), text);
                return Outcome.done("applied: " + v.rules() + " rule(s), " + v.targets() + " target(s) now run");
            } catch (RuleException e) {
                line[0] = e.line();
                return Outcome.failed(atLine(e.line(), e.getMessage()));
            }
        });
        return result(o, text, line[0]);
    }

    /** The result part: the outcome, and the candidate's lines with the error at its line. */
    private TemplateInstance result(Outcome o, String text, int errorLine) {
        List<Line> lines = new ArrayList<>();
        if (errorLine > 0) {
            String[] split = text.split("\n", -1);
            for (int i = 0; i < split.length; i++) {
                lines.add(new Line(i + 1, split[i], i + 1 == errorLine ? o.text() : null));
            }
        }
        return page.getFragment("result").instance().data("outcome", o).data("lines", lines)
                .data("errorLine", errorLine).data("dryRun", null);
    }

    /** "line N: " and the message without its leading "file:N: " (the page shows the line, not the file). */
    static String atLine(int line, String message) {
        if (line <= 0) {
            return message;
        }
        String marker = ":" + line + ": ";
        int at = message.indexOf(marker);
        return "line " + line + ": " + (at >= 0 ? message.substring(at + marker.length()) : message);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
