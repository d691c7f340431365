package org.dmask.route.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.mask.MaskMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable job store on its own: states, the object's life, dead letters and recovery after a crash. */
class JobStoreTest {

    @TempDir
    Path tmp;

    @Test
    void anObjectStaysUntilEveryJobOfItIsFinished() throws IOException {
        JobStore store = open();
        store.accept(spooled("o1.dcm"), "o1.dcm", List.of(job("j1", "o1.dcm", "pacs"), job("j2", "o1.dcm", "research")));
        assertFalse(Files.exists(tmp.resolve("spool/o1.dcm")), "moved out of the spool");
        assertEquals(Map.of("pacs", 1, "research", 1), store.pendingByTarget());

        List<Job> claimed = store.claimDue(System.currentTimeMillis(), 10, Set.of());
        assertEquals(2, claimed.size());
        claimed.forEach(j -> assertEquals(Job.State.IN_FLIGHT, j.state()));
        assertTrue(store.claimDue(System.currentTimeMillis(), 10, Set.of()).isEmpty(), "claimed once");

        Job pacs = claimed.stream().filter(j -> j.target().equals("pacs")).findFirst().orElseThrow();
        Files.writeString(store.outputPath(pacs, "transcoded"), "x");
        store.done(pacs);
        assertTrue(store.holds("o1.dcm"), "the research job still needs the object");
        assertFalse(Files.exists(store.outputPath(pacs, "transcoded")), "a finished job's outputs go");

        Job research = claimed.stream().filter(j -> j.target().equals("research")).findFirst().orElseThrow();
        store.done(research);
        assertFalse(store.holds("o1.dcm"));
        assertEquals(0, store.pending());
        assertEquals(0, count("store/objects"), "object deleted");
        assertEquals(0, count("store/jobs"), "job files deleted");
    }

    @Test
    void retriesWaitTheirTurnAndBusyTargetsAreSkipped() throws IOException {
        JobStore store = open();
        store.accept(spooled("o1.dcm"), "o1.dcm", List.of(job("j1", "o1.dcm", "pacs")));
        store.accept(spooled("o2.dcm"), "o2.dcm", List.of(job("j2", "o2.dcm", "research")));
        long now = System.currentTimeMillis();
        assertEquals(List.of("j2"), ids(store.claimDue(now, 10, Set.of("pacs"))));
        Job j1 = store.claimDue(now, 10, Set.of()).get(0);
        Job retried = store.retry(j1, "connection refused", now + 60_000);
        assertEquals(1, retried.attempts());
        assertEquals("connection refused", retried.lastError());
        assertEquals(Job.State.QUEUED, retried.state());
        assertTrue(store.claimDue(now, 10, Set.of()).isEmpty(), "not due before its next attempt");
        assertEquals(List.of("j1"), ids(store.claimDue(now + 60_000, 10, Set.of())));
    }

    @Test
    void aCrashLeavesNothingLostAndNothingTwice() throws IOException {
        JobStore store = open();
        store.accept(spooled("o1.dcm"), "o1.dcm", List.of(job("j1", "o1.dcm", "pacs")));
        store.claimDue(System.currentTimeMillis(), 10, Set.of());
        // A job written just before a crash, while its object was still in the spool (the spool copy is routed again).
        Files.writeString(tmp.resolve("store/jobs/j9.job"), "id=j9\nobject=o9.dcm\nrule=r\ntarget=t\ntarget-uri=u\n"
                + "mask=off\nstate=QUEUED\nattempts=0\ncreated=0\nnext-attempt=0\n");
        // An object whose jobs were all finished before a crash.
        Files.writeString(tmp.resolve("store/objects/stray.dcm"), "stray");
        // A half-written job file and a file nobody can read.
        Files.writeString(tmp.resolve("store/jobs/.j5.job.tmp"), "half");
        Files.writeString(tmp.resolve("store/jobs/bad.job"), "not a job");

        JobStore reopened = new JobStore(tmp.resolve("store"));
        assertEquals(1, reopened.open(), "the in-flight job is queued again: at least once");
        assertEquals(Job.State.QUEUED, reopened.jobs().get(0).state());
        assertFalse(Files.exists(tmp.resolve("store/jobs/j9.job")), "a job whose object never arrived is dropped");
        assertFalse(Files.exists(tmp.resolve("store/objects/stray.dcm")), "an object without jobs is dropped");
        assertTrue(Files.exists(tmp.resolve("store/jobs/bad.job")), "an unreadable job file is left for a person");
        assertEquals(List.of("j1"), ids(reopened.claimDue(System.currentTimeMillis(), 10, Set.of())));
    }

    @Test
    void deadLettersKeepOneCopyWithEveryReasonAndArePurgedAfterRetention() throws IOException {
        JobStore store = open();
        store.accept(spooled("o1.dcm"), "o1.dcm", List.of(job("j1", "o1.dcm", "pacs"), job("j2", "o1.dcm", "research")));
        for (Job j : store.claimDue(System.currentTimeMillis(), 10, Set.of())) {
            store.deadLetter(j, "refused by " + j.target());
        }
        assertFalse(store.holds("o1.dcm"));
        assertEquals("object o1", Files.readString(store.deadLetterObject("o1")));
        String reasons = Files.readString(tmp.resolve("store/dead-letters/o1.reason.txt"), StandardCharsets.UTF_8);
        assertTrue(reasons.contains("reason: refused by pacs") && reasons.contains("reason: refused by research"),
                reasons);
        assertEquals(2, count("store/dead-letters"), "one object and one reason file");

        Path reason = tmp.resolve("store/dead-letters/o1.reason.txt");
        assertTrue(store.purgeDeadLetters(Instant.now().minusSeconds(3600)).isEmpty(), "still within retention");
        Files.setLastModifiedTime(reason, FileTime.from(Instant.now().minusSeconds(7200)));
        assertEquals(List.of("o1"), store.purgeDeadLetters(Instant.now().minusSeconds(3600)));
        assertEquals(0, count("store/dead-letters"));
    }

    @Test
    void anUnroutedObjectGoesStraightToDeadLetters() throws IOException {
        JobStore store = open();
        store.deadLetterUnrouted(spooled("u.dcm"), "u", "no rule matches");
        assertFalse(Files.exists(tmp.resolve("spool/u.dcm")));
        assertEquals("object u", Files.readString(store.deadLetterObject("u")));
        assertTrue(Files.readString(tmp.resolve("store/dead-letters/u.reason.txt")).contains("no rule matches"));
    }

    private JobStore open() throws IOException {
        JobStore store = new JobStore(tmp.resolve("store"));
        store.open();
        return store;
    }

    private Path spooled(String name) throws IOException {
        Path p = Files.createDirectories(tmp.resolve("spool")).resolve(name);
        Files.writeString(p, "object " + name.replace(".dcm", ""));
        return p;
    }

    private static Job job(String id, String object, String target) {
        long now = System.currentTimeMillis();
        return new Job(id, object, "rule-1", target, "dicom:" + target.toUpperCase() + "@127.0.0.1:104", "basic",
                MaskMode.OFF, null, false, Job.State.QUEUED, 0, now, now, null, "MODALITY", "1.2.840.10008.5.1.4.1.1.2",
                "1.2.840.10008.1.2.1", "study-pseudonym", "instance-pseudonym");
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).sorted().toList();
    }

    private long count(String dir) throws IOException {
        try (var s = Files.list(tmp.resolve(dir))) {
            return s.count();
        }
    }
}
