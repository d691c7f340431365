package org.dmask.route.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.dmask.dicom.UID;
import org.dmask.mask.MaskMode;
import org.dmask.route.delivery.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job record's JSON and the file object store, without a broker. */
class JobRecordTest {

    private static Job job(String id, String sopClass, String ts, MaskMode mask, Boolean clean) {
        return new Job(id, "obj-1.dcm", "eye-videos", "research", "dicom:RESEARCH@pacs:11112", "basic", mask, clean,
                true, Job.State.QUEUED, 2, 1000L, 1000L, "refused", "MODALITY1", sopClass, ts, "2.25.1", "2.25.2");
    }

    @Test
    void aRecordReadsBackAsWritten() {
        Job video = job("a", UID.VideoPhotographicImageStorage, UID.MPEG4HP41, MaskMode.FULL, null);
        Job other = job("b", UID.VideoPhotographicImageStorage, UID.MPEG4HP41, MaskMode.FACE, Boolean.TRUE);
        JobRecord r = JobRecord.accepted("obj-1.dcm", List.of(video, other));
        assertEquals(JobKind.VIDEO, r.kind());
        JobRecord back = JobRecord.fromJson(r.toJson());
        assertEquals(r, back);
        JobRecord retry = back.retry(List.of(other), 5000L);
        assertEquals(1, retry.attempt());
        assertEquals(5000L, JobRecord.fromJson(retry.toJson()).notBefore());
        assertEquals(List.of(other), JobRecord.fromJson(retry.toJson()).jobs());
    }

    @Test
    void imagesGoToTheImageTopic() {
        JobRecord r = JobRecord.accepted("obj-1.dcm", List.of(job("a", UID.CTImageStorage,
                UID.ExplicitVRLittleEndian, MaskMode.FULL, null)));
        assertEquals(JobKind.IMAGE, r.kind());
        assertEquals("p.jobs.image", new Topics("p.").jobs(r.kind()));
    }

    @Test
    void whatIsNotAJobRecordIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobRecord.fromJson("{".getBytes(
                StandardCharsets.UTF_8))).getMessage().startsWith("not JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobRecord.fromJson("{\"v\":2}".getBytes(
                StandardCharsets.UTF_8))).getMessage().contains("version 1"));
        String noJobs = "{\"v\":1,\"object\":\"o.dcm\",\"kind\":\"image\",\"jobs\":[]}";
        assertEquals("a job record without jobs", assertThrows(IllegalArgumentException.class,
                () -> JobRecord.fromJson(noJobs.getBytes(StandardCharsets.UTF_8))).getMessage());
        String badMask = "{\"v\":1,\"object\":\"o.dcm\",\"kind\":\"image\",\"jobs\":[{\"id\":\"a\",\"rule\":\"r\","
                + "\"target\":\"t\",\"targetUri\":\"archive:x\",\"mask\":\"blur\"}]}";
        assertEquals("unknown mask mode 'blur'", assertThrows(IllegalArgumentException.class,
                () -> JobRecord.fromJson(badMask.getBytes(StandardCharsets.UTF_8))).getMessage());
    }

    @Test
    void theFileStoreKeepsWholeObjectsAndDeadLettersWithTheirReasons(@TempDir Path tmp) throws Exception {
        FileObjectStore store = new FileObjectStore(tmp.resolve("store"));
        Path src = Files.write(tmp.resolve("in.dcm"), new byte[] {1, 2, 3});
        store.put("k1.dcm", src);
        assertEquals(List.of("k1.dcm"), store.keys());
        store.get("k1.dcm", tmp.resolve("back.dcm"));
        assertEquals(3, Files.size(tmp.resolve("back.dcm")));
        assertThrows(NoSuchFileException.class, () -> store.get("missing.dcm", tmp.resolve("x.dcm")));
        assertThrows(IllegalArgumentException.class, () -> store.put("../escape", src));
        store.keepDeadLetter("k1", ".dcm", src, "reason: one");
        store.keepDeadLetter("k1", ".dcm", src, "reason: two");
        assertEquals(List.of("k1.dcm", "k1.reason.txt"), store.deadLetterFiles());
        assertEquals("reason: one\n\nreason: two\n", Files.readString(tmp.resolve("store/dead-letters/k1.reason.txt")));
        store.delete("k1.dcm");
        store.delete("k1.dcm");
        assertEquals(List.of(), store.keys());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("store/objects"))));
    }
}
