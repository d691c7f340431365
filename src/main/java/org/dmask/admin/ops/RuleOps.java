package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.dmask.mask.MaskMode;
import org.dmask.route.spool.Arrival;
import org.dmask.route.Gateway;
import org.dmask.route.spool.ObjectHeader;
import org.dmask.route.rules.Rule;
import org.dmask.route.rules.RuleException;
import org.dmask.route.rules.RuleSet;
import org.dmask.route.delivery.TargetSpec;
import org.dmask.route.spool.VideoSopClasses;

/**
 * The rules: the running rule file, a candidate's validation (the error with its line), a dry run of rules against
 * an object (what would happen, nothing sent), and applying a candidate (the file replaced atomically, then
 * reloaded). Secrets in target URIs are shown as {@code ***}.
 */
@ApplicationScoped
public class RuleOps {

    @Inject
    RunningGateway running;
    @Inject
    AdminAudit audit;

    /** The running rules: where from, the file's text (secrets redacted), the rules and targets as parsed. */
    public record RulesView(String source, String file, String text, String mode, List<RuleView> rules,
            List<TargetRef> targets, String lastReloadError) {
    }

    /** A rule as parsed: its line in the file, priority, profile (null: none), mask, targets. */
    public record RuleView(String name, int line, int priority, String profile, String mask, List<String> targets) {
    }

    /** A target's name and URI (secrets redacted). */
    public record TargetRef(String name, String uri) {
    }

    /** A candidate's check: valid, or the error and its line (0 when about the whole file). */
    public record Validation(boolean valid, String error, int line, int rules, int targets) {
    }

    /**
     * What the rules would do with an object: its pseudonymous UIDs (never the originals), SOP class, modality,
     * whether it is a video (masks apply to videos only), and each matching rule with its deliveries. No match: the
     * object would become a dead letter.
     */
    public record DryRun(String rules, String mode, String study, String instance, String sopClassUID,
            String modality, String transferSyntaxUID, boolean video, List<DryRunMatch> matches, String outcome) {
    }

    /** A rule that takes the object: the profile it would be de-identified with, the mask and whether it applies. */
    public record DryRunMatch(String rule, int line, int priority, String profile, String mask, boolean maskApplies,
            List<TargetRef> targets) {
    }

    public RulesView current() {
        Gateway g = running.get();
        RuleSet rs = g.rules().get();
        Path file = g.rules().file();
        return new RulesView(rs.source(), file == null ? null : file.toString(), Redact.uri(g.rules().text()),
                rs.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                rs.rules().stream().map(RuleOps::view).toList(), targets(rs), g.rules().lastError());
    }

    private static RuleView view(Rule r) {
        return new RuleView(r.name(), r.line(), r.priority(), r.profile(), r.mask().configName(), r.targets());
    }

    private static List<TargetRef> targets(RuleSet rs) {
        return rs.targets().values().stream().sorted(java.util.Comparator.comparing(TargetSpec::name))
                .map(t -> new TargetRef(t.name(), Redact.uri(t.uri()))).toList();
    }

    /** Validates a candidate as the running gateway would load it (profiles, targets, fields); changes nothing. */
    public Validation validate(String candidate) {
        try {
            RuleSet rs = running.get().rules().parse(candidate);
            return new Validation(true, null, 0, rs.rules().size(), rs.targets().size());
        } catch (RuleException e) {
            return new Validation(false, e.getMessage(), e.line(), 0, 0);
        }
    }

    /**
     * Runs rules against an object without sending anything: the candidate (null: the running rules), the object's
     * bytes, and how it would arrive (calling and called AE title, source address; null when not given). The object
     * is read from an owner-only temporary file in the spool folder, deleted before this returns.
     *
     * @throws RuleException            when the candidate does not validate
     * @throws IllegalArgumentException when the object is not DICOM
     */
    public DryRun dryRun(String user, String candidate, InputStream object, String callingAET, String calledAET,
            String sourceAddress) throws Exception {
        // Audited: the user handed the gateway an (identified) object; the audit names it by its pseudonym only.
        return audit.run(user, "rules.dry-run", candidate == null ? "running rules" : "candidate rules",
                () -> dryRun(candidate, object, callingAET, calledAET, sourceAddress),
                d -> "instance " + d.instance() + ": " + d.outcome());
    }

    /** As {@link #dryRun(String, String, InputStream, String, String, String)}, not audited. */
    public DryRun dryRun(String candidate, InputStream object, String callingAET, String calledAET,
            String sourceAddress) throws IOException {
        Gateway g = running.get();
        RuleSet rs = candidate == null ? g.rules().get() : g.rules().parse(candidate);
        Path tmp = Files.createTempFile(g.spoolDirectory(), ".dry-run-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        ObjectHeader h;
        try {
            try (var out = Files.newOutputStream(tmp)) {
                object.transferTo(out);
            }
            try {
                h = ObjectHeader.read(tmp);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not a DICOM object: " + e.getMessage());
            }
            List<Rule> matched = rs.select(new Arrival(tmp, callingAET, calledAET, sourceAddress, "dry-run"), h);
            boolean video = VideoSopClasses.isVideo(h.sopClassUID(), h.transferSyntaxUID());
            List<DryRunMatch> matches = new ArrayList<>();
            for (Rule r : matched) {
                matches.add(new DryRunMatch(r.name(), r.line(), r.priority(), r.profile(), r.mask().configName(),
                        video && r.mask() != MaskMode.OFF, r.targets().stream()
                                .map(t -> new TargetRef(t, Redact.uri(rs.targets().get(t).uri()))).toList()));
            }
            String outcome = matches.isEmpty() ? "no rule matches: the object would become a dead letter"
                    : "would be sent by " + matches.size() + " rule(s) to "
                            + matches.stream().flatMap(m -> m.targets().stream()).map(TargetRef::name).distinct()
                                    .toList();
            return new DryRun(rs.source() + (candidate == null ? "" : " (candidate)"),
                    rs.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    g.pseudonym(h.studyInstanceUID()), g.pseudonym(h.sopInstanceUID()), h.sopClassUID(),
                    h.modality(), h.transferSyntaxUID(), video, matches, outcome);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes a candidate the running rules (admin): validated, the rule file replaced atomically, its routes started;
     * the old rules stay when anything fails. Audited with the user.
     *
     * @throws RuleException            when it does not validate or cannot start (the running rules stay)
     * @throws IllegalArgumentException when it holds a redacted secret ({@code ***}) from {@link #current()}
     */
    public Validation apply(String user, String candidate) throws Exception {
        Gateway g = running.get();
        return audit.run(user, "rules.apply", g.rules().file() == null ? "embedded rules" : g.rules().file().toString(),
                () -> {
                    if (Redact.holdsRedacted(candidate)) {
                        throw new IllegalArgumentException("the candidate holds a redacted secret (***): put the "
                                + "real value back before applying");
                    }
                    RuleSet rs = g.rules().apply(candidate);
                    return new Validation(true, null, 0, rs.rules().size(), rs.targets().size());
                }, v -> v.rules() + " rule(s), " + v.targets() + " target(s) now run");
    }
}
