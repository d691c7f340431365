package org.dmask.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dmask.admin.ops.AuditSearch;
import org.dmask.admin.security.Roles;
import org.dmask.audit.AuditEvent;

/** The audit log, searched with {@link AuditSearch}: time range, event, user, outcome, target; newest first. */
@Path("/console/audit")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    @Inject
    @Location("console/audit.html")
    Template page;
    @Inject
    ConsoleRequest request;
    @Inject
    AuditSearch search;

    @GET
    public TemplateInstance show(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("event") String event, @QueryParam("who") String who, @QueryParam("outcome") String outcome,
            @QueryParam("target") String target) {
        TemplateInstance t = page.instance().data("user", request.user()).data("active", "audit")
                .data("events", Arrays.stream(AuditEvent.Type.values()).map(e -> e.name().toLowerCase(Locale.ROOT))
                        .toList())
                .data("from", nz(from)).data("to", nz(to)).data("event", nz(event)).data("who", nz(who))
                .data("outcome", nz(outcome)).data("target", nz(target));
        try {
            List<AuditSearch.AuditRecord> found = search.search(new AuditSearch.Query(time(from, "from"),
                    time(to, "to"), blank(event), blank(who), blank(outcome), blank(target), null));
            return t.data("records", found).data("error", null);
        } catch (Exception e) {
            return t.data("records", List.of()).data("error", e.getMessage());
        }
    }

    /** A datetime-local field's value (the server's zone), or null when empty. */
    private static Instant time(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(s.trim()).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not a date and time like 2026-12-07T14:30");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
