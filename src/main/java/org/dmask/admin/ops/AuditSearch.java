package org.dmask.admin.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.dmask.audit.AuditConfig;
import org.dmask.audit.AuditEvent;

/**
 * Searches the JSON-lines audit file ({@code dmask.audit.file}) by time range, event type, user (or calling AE
 * title), outcome and target. Reads the file from the start on each search (it is append-only and never indexed);
 * returns the newest matches, at most {@code dmask.admin.api.audit-search-limit}.
 */
@ApplicationScoped
public class AuditSearch {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditConfig audit;
    @Inject
    AdminApiConfig config;

    /** One audit event as the file holds it. */
    public record AuditRecord(Instant time, String event, String outcome, String who, String study, String rule,
            String target, String detail) {
    }

    /** A search's criteria; null fields match everything. {@code from} inclusive, {@code to} exclusive. */
    public record Query(Instant from, Instant to, String event, String who, String outcome, String target,
            Integer limit) {
    }

    /**
     * The newest events that match, newest first.
     *
     * @throws IllegalArgumentException for an unknown event type or outcome
     */
    public List<AuditRecord> search(Query q) throws IOException {
        String event = lower(q.event());
        if (event != null && java.util.Arrays.stream(AuditEvent.Type.values())
                .noneMatch(t -> t.name().toLowerCase(Locale.ROOT).equals(event))) {
            throw new IllegalArgumentException("unknown event type '" + q.event() + "' (one of "
                    + java.util.Arrays.stream(AuditEvent.Type.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                            .toList() + ")");
        }
        String outcome = lower(q.outcome());
        if (outcome != null && !outcome.equals("success") && !outcome.equals("failure")) {
            throw new IllegalArgumentException("unknown outcome '" + q.outcome() + "' (success or failure)");
        }
        int limit = Math.max(1, Math.min(q.limit() == null ? config.auditSearchLimit() : q.limit(),
                config.auditSearchLimit()));
        Deque<AuditRecord> newest = new ArrayDeque<>();
        Path file = audit.file().toAbsolutePath();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                AuditRecord a = parse(line);
                if (a == null || (q.from() != null && a.time().isBefore(q.from()))
                        || (q.to() != null && !a.time().isBefore(q.to()))
                        || (event != null && !event.equals(a.event()))
                        || (q.who() != null && !q.who().equals(a.who()))
                        || (outcome != null && !outcome.equals(a.outcome()))
                        || (q.target() != null && !q.target().equals(a.target()))) {
                    continue;
                }
                newest.addLast(a);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<AuditRecord> out = new ArrayList<>(newest);
        java.util.Collections.reverse(out);
        return out;
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    /** A line of the file; null for one that is not an audit event (a line cut short by a crash). */
    static AuditRecord parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.hasNonNull("time") || !n.hasNonNull("event")) {
                return null;
            }
            return new AuditRecord(Instant.parse(n.get("time").asText()), n.get("event").asText(), text(n, "outcome"),
                    text(n, "who"), text(n, "study"), text(n, "rule"), text(n, "target"), text(n, "detail"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
