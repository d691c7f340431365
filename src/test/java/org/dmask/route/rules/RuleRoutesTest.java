package org.dmask.route.rules;

import org.dmask.route.GatewayHarness;

import org.dmask.route.spool.Arrival;
import org.dmask.route.delivery.Job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.camel.Route;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules as Camel routes: a route per rule (from the {@code dmask-rule} template) and a dispatch route, per
 * generation. First-match takes the first matching rule by priority, fan-out every matching one, and an object no
 * rule takes goes to dead letters. A changed file becomes a new generation that replaces the old one; a file that
 * does not parse, or whose targets cannot become endpoints, leaves the running generation's routes untouched.
 */
class RuleRoutesTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private String rules(String mode, String extraTarget) {
        return """
                mode: %s
                targets:
                  a: archive:%s
                  b: archive:%s%s
                rules:
                  - name: all
                    priority: 20
                    deid: basic
                    mask: off
                    targets: [b]
                  - name: ct only
                    priority: 10
                    match:
                      modality: {in: [CT]}
                    deid: basic
                    mask: off
                    targets: [a]
                """.formatted(mode, tmp.resolve("a"), tmp.resolve("b"), extraTarget);
    }

    private List<Job> route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        return h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", "127.0.0.1", "test"));
    }

    private static void replace(Path file, String text) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void rulesAreRoutesAndReloadSwapsGenerations() throws Exception {
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path mr = Peers.shared("dicom-corpus/dev/pydicom__MR_small_padded.dcm");
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, rules("first-match", ""));
        Path work = tmp.resolve("gw");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            // Generation 1: a route per rule, and the dispatch route.
            assertNotNull(h.camel.getRoute("dmask-rule-ct_only-g1"));
            assertNotNull(h.camel.getRoute("dmask-rule-all-g1"));
            assertNotNull(h.camel.getRoute("dmask-dispatch-g1"));

            // First match by priority: the CT takes "ct only" alone, the MR "all".
            List<Job> jobs = route(h, ct);
            assertEquals(List.of("ct only:a"), jobs.stream().map(j -> j.rule() + ":" + j.target()).toList());
            jobs = route(h, mr);
            assertEquals(List.of("all:b"), jobs.stream().map(j -> j.rule() + ":" + j.target()).toList());
            await("delivered", () -> h.gateway.store().pending() == 0);

            // Fan-out: a new generation replaces the first; the CT takes both rules.
            replace(ruleFile, rules("fan-out", ""));
            await("generation 2", () -> h.camel.getRoute("dmask-dispatch-g2") != null);
            await("generation 1 removed", () -> h.camel.getRoute("dmask-dispatch-g1") == null);
            assertNull(h.camel.getRoute("dmask-rule-all-g1"));
            assertNotNull(h.camel.getRoute("dmask-rule-all-g2"));
            jobs = route(h, ct);
            assertEquals(List.of("ct only:a", "all:b"), jobs.stream().map(j -> j.rule() + ":" + j.target()).toList());

            // A file that does not parse, then one whose new target cannot be an endpoint: generation 2 stays.
            replace(ruleFile, rules("fan-out", "").replace("mask: off", "mask: sideways"));
            await("the bad file refused", () -> h.gateway.rules().lastError() != null);
            replace(ruleFile, rules("fan-out", "\n  c: dicom:ELSEWHERE@127.0.0.1:notaport"));
            await("the second bad file refused", () -> h.gateway.rules().lastError() != null
                    && h.gateway.rules().lastError().contains("notaport"));
            Thread.sleep(500);
            assertNull(h.camel.getRoute("dmask-dispatch-g3"), "no generation 3 left behind");
            assertTrue(h.camel.getRoutes().stream().map(Route::getRouteId).noneMatch(id -> id.endsWith("-g3")),
                    "no route of generation 3 left behind");
            assertNotNull(h.camel.getRoute("dmask-dispatch-g2"));
            jobs = route(h, ct);
            assertEquals(2, jobs.size(), "the running rules still route");

            // A rule set no object of which matches the MR: dead letters with the reason.
            replace(ruleFile, rules("first-match", "").replace("""
                      - name: all
                        priority: 20
                        deid: basic
                        mask: off
                        targets: [b]
                    """, ""));
            await("generation 3", () -> h.camel.getRoute("dmask-dispatch-g3") != null
                    && h.gateway.rules().lastError() == null);
            assertNull(h.camel.getRoute("dmask-rule-all-g3"));
            assertEquals(List.of(), route(h, mr));
            await("delivered", () -> h.gateway.store().pending() == 0);
            List<Path> reasons;
            try (var s = Files.list(h.gateway.store().deadLetterDirectory())) {
                reasons = s.filter(f -> f.getFileName().toString().startsWith("unrouted-")
                        && f.toString().endsWith(".reason.txt")).toList();
            }
            assertEquals(1, reasons.size());
            assertTrue(Files.readString(reasons.get(0)).startsWith("reason: no rule of " + ruleFile + " matches"),
                    Files.readString(reasons.get(0)));
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + LIMIT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
