package org.dmask.route.delivery;

import org.dmask.route.GatewayHarness;

import org.dmask.route.spool.Arrival;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.dmask.mask.MaskMode;
import org.dmask.mask.VideoMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fan-out prepares once: a rule with three targets de-identifies an image once and de-identifies and masks a video
 * once, however the two delivery workers race for the jobs, and the three targets receive the same bytes.
 */
public class PrepareOnceTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /**
     * Counts the calls of the masker; what it writes is the de-identified input unchanged (the mask itself needs the
     * face models, and what is counted here is how often the gateway asks for it).
     */
    public static final class CountingMasker implements VideoMasker {
        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public void mask(Path in, Path out, MaskMode mode) throws IOException {
            calls.incrementAndGet();
            Path part = out.resolveSibling(out.getFileName() + ".part");
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void threeTargetsOnePreparationTheSameBytes() throws Exception {
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                mode: first-match
                targets:
                  a: archive:%s
                  b: archive:%s
                  c: archive:%s
                rules:
                  - name: three
                    priority: 10
                    deid: basic
                    mask: full
                    targets: [a, b, c]
                """.formatted(tmp.resolve("a"), tmp.resolve("b"), tmp.resolve("c")));
        Path work = tmp.resolve("gw");
        CountingMasker masker = new CountingMasker();
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), masker)) {
            assertEquals(3, route(h, ct).size());
            assertEquals(3, route(h, video).size());
            await("delivered", () -> h.gateway.store().pending() == 0);
            // a job is marked done before its send is audited: wait for the sixth audit line too
            await("six sends audited", () -> {
                try {
                    return count(Files.readAllLines(work.resolve("audit.jsonl")), "\"event\":\"send\"") == 6;
                } catch (java.io.IOException e) {
                    return false;
                }
            });

            assertEquals(1, masker.calls.get(), "one mask for the video, not one per target");
            List<String> audit = Files.readAllLines(work.resolve("audit.jsonl"));
            assertEquals(2, count(audit, "\"event\":\"deidentify\""), "one de-identification per object");
            assertEquals(1, count(audit, "\"event\":\"mask\""), "one mask audited");
            assertEquals(6, count(audit, "\"event\":\"send\""), "six deliveries");

            for (String uid : List.of(uidOf(ct), uidOf(video))) {
                List<byte[]> copies = new ArrayList<>();
                for (String t : List.of("a", "b", "c")) {
                    List<Path> got = files(tmp.resolve(t));
                    assertEquals(2, got.size(), t + ": " + got);
                    for (Path f : got) {
                        if (originalOf(f, uid)) {
                            copies.add(Files.readAllBytes(f));
                        }
                    }
                }
                assertEquals(3, copies.size(), "each target has the object");
                assertArrayEquals(copies.get(0), copies.get(1), "a and b received the same bytes");
                assertArrayEquals(copies.get(0), copies.get(2), "a and c received the same bytes");
            }
            assertEquals(List.of(), files(work.resolve("store/out")), "prepared files go with the object");
        }
    }

    private static List<Job> route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        return h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", "127.0.0.1", "test"));
    }

    private static String uidOf(Path f) throws IOException {
        return read(f).getString(Tag.SOPClassUID);
    }

    /** Whether a received file is the de-identified form of the object of that SOP class (UIDs are new). */
    private static boolean originalOf(Path received, String sopClass) throws IOException {
        Attributes ds = read(received);
        assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
        assertNotEquals(null, ds.getString(Tag.SOPInstanceUID));
        return sopClass.equals(ds.getString(Tag.SOPClassUID));
    }

    private static Attributes read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ds.disposeBulkData();
            return ds;
        }
    }

    private static long count(List<String> lines, String needle) {
        return lines.stream().filter(l -> l.contains(needle)).count();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out after " + LIMIT + " waiting for " + what);
            Thread.sleep(50);
        }
    }
}
