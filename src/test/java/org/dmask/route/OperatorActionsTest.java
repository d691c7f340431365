package org.dmask.route;

import org.dmask.route.spool.Arrival;

import org.dmask.route.delivery.Backoff;
import org.dmask.route.delivery.DeadLetter;
import org.dmask.route.delivery.Job;
import org.dmask.route.rules.RuleException;
import org.dmask.route.rules.RuleParser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the admin API asks of the route: a paused target's jobs stay queued and go once resumed; a cancelled job is
 * never delivered and its object goes; an encrypted dead letter is queued again as it was accepted, with the object
 * as received; an object no rule took is routed again by new rules; a rule candidate applied replaces the file, one
 * that does not validate or cannot start leaves file and rules as they were; rule errors carry their line.
 */
class OperatorActionsTest {

    @TempDir
    Path tmp;

    static final Path CT = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");

    @Test
    void pauseKeepsJobsQueuedResumeDeliversCancelDropsOne() throws Exception {
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  a: archive:%s
                rules:
                  - name: all
                    deid: basic
                    targets: [a]
                """.formatted(tmp.resolve("a")));
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(tmp.resolve("gw"), rules, null),
                tmp.resolve("audit.jsonl"), null)) {
            assertTrue(h.gateway.pause("a"));
            assertFalse(h.gateway.pause("a"), "paused already");
            assertThrows(java.util.NoSuchElementException.class, () -> h.gateway.pause("nowhere"));
            Job kept = route(h, CT).get(0);
            Job cancelled = route(h, CT).get(0);
            Thread.sleep(1000);
            assertEquals(2, h.gateway.store().pending(), "both queued while paused");
            assertEquals(Job.State.QUEUED, h.gateway.store().job(kept.id()).state());
            assertEquals(0, h.gateway.store().job(kept.id()).attempts());
            assertEquals("a", Files.readString(tmp.resolve("gw/store/paused-targets")).strip());
            assertTrue(h.gateway.targetState("a").paused());

            h.gateway.store().cancel(cancelled.id());
            assertFalse(h.gateway.store().holds(cancelled.objectId()), "the cancelled job's object is gone");
            assertTrue(h.gateway.resume("a"));
            await(() -> h.gateway.store().pending() == 0);
            assertEquals(1, files(tmp.resolve("a")).size(), "only the kept job delivered");
            assertEquals("", Files.readString(tmp.resolve("gw/store/paused-targets")));
        }
    }

    @Test
    void anEncryptedDeadLetterIsQueuedAgainAsAcceptedWithTheObjectAsReceived() throws Exception {
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  down: dicom:NOBODY@127.0.0.1:%d
                  a: archive:%s
                rules:
                  - name: ct
                    match:
                      modality: CT
                    deid: basic
                    targets: [down]
                """.formatted(down, tmp.resolve("a")));
        GatewaySettings s = new GatewaySettings(tmp.resolve("gw/store"), rules, null, tmp.resolve("gw/spool"), null,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), 2.0, Duration.ofSeconds(1)), 2, 50, 200)
                .withDeadLetterKeyFile(tmp.resolve("keys/dl.key"));
        try (GatewayHarness h = GatewayHarness.start(s, tmp.resolve("audit.jsonl"), null)) {
            Job first = route(h, CT).get(0);
            await(() -> deadLetters(h).size() == 1);
            DeadLetter d = deadLetters(h).get(0);
            assertTrue(d.encrypted());
            assertEquals(List.of("down"), d.targets());
            assertFalse(d.unrouted());

            h.gateway.pause("down"); // so that the queued job can be looked at before it is tried
            List<Job> again = h.gateway.retryDeadLetter(d.name(), null);
            assertEquals(1, again.size());
            Job j = again.get(0);
            assertEquals(Job.State.QUEUED, j.state());
            assertEquals(0, j.attempts());
            assertEquals(first.rule(), j.rule());
            assertEquals(first.targetUri(), j.targetUri());
            assertEquals(first.profile(), j.profile());
            assertEquals(first.mask(), j.mask());
            assertEquals(first.study(), j.study());
            assertEquals(first.instance(), j.instance());
            assertEquals(first.sopClassUID(), j.sopClassUID());
            assertArrayEquals(Files.readAllBytes(CT), Files.readAllBytes(h.gateway.store().objectPath(j)),
                    "the object as received, decrypted");
            assertEquals(List.of(), deadLetters(h), "the dead letter left once queued again");
            assertThrows(java.util.NoSuchElementException.class, () -> h.gateway.retryDeadLetter(d.name(), null));
            assertThrows(IllegalArgumentException.class, () -> h.gateway.store().deadLetter("../../etc/passwd"));
        }
    }

    @Test
    void anObjectNoRuleTookIsRoutedAgainByNewRules() throws Exception {
        Path rules = tmp.resolve("rules.yaml");
        String mrOnly = """
                targets:
                  a: archive:%s
                rules:
                  - name: mr
                    match:
                      modality: MR
                    deid: basic
                    targets: [a]
                """.formatted(tmp.resolve("a"));
        Files.writeString(rules, mrOnly);
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(tmp.resolve("gw"), rules, null),
                tmp.resolve("audit.jsonl"), null)) {
            assertEquals(List.of(), route(h, CT));
            DeadLetter d = deadLetters(h).get(0);
            assertTrue(d.unrouted(), d.toString());
            assertEquals("MODALITY1", d.failures().get(0).facts().get("calling-aet"));

            // Does not validate: the line, and nothing changed.
            RuleException bad = assertThrows(RuleException.class,
                    () -> h.gateway.rules().apply(mrOnly.replace("modality: MR", "modalty: MR")));
            assertEquals(6, bad.line(), bad.getMessage());
            assertEquals(mrOnly, Files.readString(rules));
            // Validates but its target cannot start: the file is written back, the running rules stay.
            assertThrows(RuleException.class, () -> h.gateway.rules().apply(mrOnly.replace("archive:" + tmp
                    .resolve("a"), "dicom:X@h:notaport")));
            assertEquals(mrOnly, Files.readString(rules));
            assertEquals("mr", h.gateway.rules().get().rules().get(0).name());

            String all = mrOnly.replace("modality: MR", "modality: {in: [CT, MR]}").replace("name: mr", "name: ct-mr");
            h.gateway.rules().apply(all);
            assertEquals(all, Files.readString(rules));
            List<Job> jobs = h.gateway.retryDeadLetter(d.name(), null);
            assertEquals(1, jobs.size());
            assertEquals("ct-mr", jobs.get(0).rule());
            assertEquals("MODALITY1", jobs.get(0).callingAET(), "routed again as it arrived");
            await(() -> files(tmp.resolve("a")).size() == 1);
            assertEquals(List.of(), deadLetters(h));
        }
    }

    @Test
    void ruleErrorsCarryTheirLine() {
        RuleParser p = new RuleParser(Set.of("basic"));
        RuleException e = assertThrows(RuleException.class, () -> p.parse("r.yaml", """
                targets:
                  a: archive:/tmp/a
                rules:
                  - name: x
                    deid: nonesuch
                    targets: [a]
                """));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().startsWith("r.yaml:5: rule 'x': field 'deid'"), e.getMessage());
        RuleException yaml = assertThrows(RuleException.class, () -> p.parse("r.yaml", "targets:\n  a: [b\n"));
        assertTrue(yaml.line() > 0 && yaml.getMessage().startsWith("r.yaml:" + yaml.line() + ": not valid YAML"),
                yaml.getMessage());
        assertEquals(0, assertThrows(RuleException.class, () -> p.parse("r.yaml", "targets: {}\n")).line());
    }

    private static List<Job> route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        return h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test"));
    }

    private static List<DeadLetter> deadLetters(GatewayHarness h) {
        try {
            return h.gateway.store().deadLetters();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(50);
        }
    }
}
