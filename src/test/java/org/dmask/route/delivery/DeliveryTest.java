package org.dmask.route.delivery;

import org.dmask.route.component.DeliveryException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.dmask.audit.AuditEvent;
import org.dmask.mask.MaskMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery's decisions on their own, over a real job store: transient failures retried with backoff, permanent ones
 * and those past the maximum age to dead letters, paused targets left queued, and the target's state as it goes.
 * The sender here answers from a script per target, as a target that is down, refuses or accepts would.
 */
@Timeout(60)
class DeliveryTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final Map<String, Deque<String>> script = new ConcurrentHashMap<>();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
    private JobStore store;
    private Delivery delivery;

    /** Answers from the target's script: "ok", "down" (transient) or "refused" (permanent); "ok" when it runs out. */
    private final Sender sender = (target, file, job) -> {
        Deque<String> answers = script.get(target.name());
        String answer = answers == null || answers.isEmpty() ? "ok" : answers.poll();
        switch (answer) {
            case "down" -> throw DeliveryException.transientFailure("cannot connect to " + target.name());
            case "refused" -> throw DeliveryException.permanentFailure(target.name() + " refused: 0xA900");
            default -> {
                try {
                    delivered.add(target.name() + ":" + new String(Files.readAllBytes(file)).replace("object ", ""));
                } catch (IOException e) {
                    throw DeliveryException.transientFailure(e.toString());
                }
                return null;
            }
        }
    };

    private void start(Duration maxAge) throws IOException {
        store = new JobStore(tmp.resolve("store"));
        store.open();
        Preparer preparer = new Preparer(store, profile -> null, () -> null, audit::add);
        delivery = new Delivery(store, preparer, sender, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2,
                maxAge), audit::add, 2, 20);
        delivery.start();
    }

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.close();
        }
    }

    @Test
    void aTargetThatIsDownIsRetriedUntilItTakesTheObject() throws Exception {
        script.put("pacs", new ArrayDeque<>(List.of("down", "down")));
        start(Duration.ofMinutes(5));
        accept("o1", "pacs");
        await(() -> delivered.contains("pacs:o1"));
        await(() -> !store.holds("o1.dcm"));
        await(() -> types("pacs").size() == 3); // the audit line follows the store's record
        assertEquals(List.of(AuditEvent.Type.FAILURE, AuditEvent.Type.FAILURE, AuditEvent.Type.SEND), types("pacs"));
        await(() -> !delivery.state("pacs").retrying()); // delivering again ends the outage
    }

    @Test
    void aRefusalIsADeadLetterAtOnceAndTheOtherTargetStillGetsTheObject() throws Exception {
        script.put("pacs", new ArrayDeque<>(List.of("refused")));
        start(Duration.ofMinutes(5));
        accept("o1", "pacs", "research");
        await(() -> delivered.contains("research:o1"));
        await(() -> !store.holds("o1.dcm"));
        await(() -> !types("pacs").isEmpty());
        assertEquals(List.of(AuditEvent.Type.DEAD_LETTER), types("pacs"), "no retry of a permanent failure");
        assertTrue(Files.readString(tmp.resolve("store/dead-letters/o1.reason.txt")).contains("pacs refused: 0xA900"));
        assertEquals("object o1", Files.readString(store.deadLetterObject("o1")));
    }

    @Test
    void aTargetDownPastTheMaximumAgeLeavesADeadLetterNamingBoth() throws Exception {
        script.put("pacs", new ArrayDeque<>(List.of("down", "down", "down", "down", "down", "down", "down", "down",
                "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")));
        start(Duration.ofMillis(300));
        accept("o1", "pacs");
        await(() -> !store.holds("o1.dcm"));
        String reason = Files.readString(tmp.resolve("store/dead-letters/o1.reason.txt"));
        assertTrue(reason.contains("not delivered within the maximum age of PT0.3S; last error: cannot connect to pacs"),
                reason);
        assertTrue(delivery.state("pacs").retrying(), "the target is still down as far as anyone knows");
        assertTrue(delivery.state("pacs").failures() >= 1);
        assertEquals("cannot connect to pacs", delivery.state("pacs").lastError());
    }

    @Test
    void aPausedTargetKeepsItsJobsQueuedUntilResumed() throws Exception {
        start(Duration.ofMinutes(5));
        delivery.pause("pacs");
        accept("o1", "pacs", "research");
        await(() -> delivered.contains("research:o1"));
        Thread.sleep(200); // several polls of both workers
        assertFalse(delivered.contains("pacs:o1"));
        assertTrue(store.holds("o1.dcm"));
        assertTrue(delivery.state("pacs").paused());
        delivery.resume("pacs");
        await(() -> delivered.contains("pacs:o1"));
        await(() -> !store.holds("o1.dcm"));
    }

    private void accept(String name, String... targets) throws IOException {
        Path spooled = Files.createDirectories(tmp.resolve("spool")).resolve(name + ".dcm");
        Files.writeString(spooled, "object " + name);
        List<Job> jobs = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String t : targets) {
            // profile null: sent as received, so the test needs no DICOM object
            jobs.add(new Job(name + "-" + t, name + ".dcm", "rule-1", t, "dicom:X@127.0.0.1:104", null, MaskMode.OFF, null, false,
                    Job.State.QUEUED, 0, now, now, null, "MODALITY", "1.2.840.10008.5.1.4.1.1.2",
                    "1.2.840.10008.1.2.1", "study-" + name, "instance-" + name));
        }
        store.accept(spooled, name + ".dcm", jobs);
        delivery.wakeUp();
    }

    private List<AuditEvent.Type> types(String target) {
        synchronized (audit) {
            return audit.stream().filter(e -> target.equals(e.target())).map(AuditEvent::type).toList();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + LIMIT);
            }
            Thread.sleep(10);
        }
    }
}
