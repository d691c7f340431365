package org.dmask.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.nio.file.Files;
import org.dmask.admin.ops.RuleOps;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The rule file: show, validate, dry run, apply. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rules", description = "the running rule file, candidates' validation and dry run, apply")
public class RulesResource {

    @Inject
    RuleOps rules;
    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "The running rules: the file's text (secrets as ***), rules with their lines, targets")
    public RuleOps.RulesView current() {
        return Api.call(rules::current);
    }

    @POST
    @Path("validate")
    @Consumes({"application/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Validates a candidate rule file (the body); an error names the file, line, rule, field")
    public RuleOps.Validation validate(String candidate) {
        return Api.call(() -> rules.validate(candidate));
    }

    @PUT
    @Consumes({"application/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Applies a candidate: the rule file replaced atomically and reloaded; 422 with the line "
            + "when it does not validate (the running rules stay)")
    public RuleOps.Validation apply(String candidate) {
        return Api.call(() -> rules.apply(user.name(), candidate));
    }

    @POST
    @Path("dry-run")
    @Consumes({"application/dicom", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Runs the running rules against a DICOM object (the body): which rule takes it, what "
            + "would be sent where, with which profile and mask; nothing is sent or kept")
    public RuleOps.DryRun dryRun(InputStream object, @QueryParam("calling-ae") String callingAET,
            @QueryParam("called-ae") String calledAET, @QueryParam("source-address") String sourceAddress) {
        return Api.call(() -> rules.dryRun(user.name(), null, object, callingAET, calledAET, sourceAddress));
    }

    @POST
    @Path("dry-run")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Dry run of a candidate: form parts 'rules' (the candidate; absent: the running rules) and "
            + "'object' (the DICOM file)")
    public RuleOps.DryRun dryRunCandidate(@RestForm("rules") String candidate, @RestForm("object") FileUpload object,
            @QueryParam("calling-ae") String callingAET, @QueryParam("called-ae") String calledAET,
            @QueryParam("source-address") String sourceAddress) {
        return Api.call(() -> {
            if (object == null) {
                throw new IllegalArgumentException("no 'object' part: send the DICOM file as the form part 'object'");
            }
            try (InputStream in = Files.newInputStream(object.uploadedFile())) {
                return rules.dryRun(user.name(), candidate == null || candidate.isBlank() ? null : candidate, in,
                        callingAET, calledAET, sourceAddress);
            } finally {
                Files.deleteIfExists(object.uploadedFile());
            }
        });
    }
}
