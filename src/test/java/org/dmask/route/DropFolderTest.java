package org.dmask.route;

import org.dmask.route.delivery.Backoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched drop folder ({@code dmask.route.drop-folder}): a DICOM file put there is routed (de-identified into
 * the folder archive) and removed from the folder; a file that is not DICOM goes to dead letters with its reason;
 * nothing partial is taken: a dot-file being written is ignored until it is renamed in, and a file still growing is
 * not taken until it has stopped changing, then arrives whole.
 */
class DropFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void droppedFilesAreRoutedOrDeadLetteredAndNothingPartialIsTaken() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        Path archive = tmp.resolve("archive");
        Path work = tmp.resolve("gw");
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  archive: archive:%s
                rules:
                  - name: all
                    deid: basic
                    mask: off
                    targets: [archive]
                """.formatted(archive));
        GatewaySettings settings = new GatewaySettings(work.resolve("store"), rules, null, work.resolve("spool"), drop,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10)), 2, 100, 200);
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        byte[] ctBytes = Files.readAllBytes(ct);
        try (GatewayHarness h = GatewayHarness.start(settings, work.resolve("audit.jsonl"), null)) {
            Path deadLetters = h.gateway.store().deadLetterDirectory();

            // 1. Written as a dot-file (ignored however long it sits there), then renamed in: routed.
            Path hidden = drop.resolve(".incoming-ct.dcm");
            Files.write(hidden, ctBytes);
            Thread.sleep(2500); // longer than the read lock's minimum age and a few polls
            assertTrue(Files.exists(hidden), "a dot-file is never taken");
            assertEquals(List.of(), files(archive, ".dcm"));
            Files.move(hidden, drop.resolve("ct.dcm"), StandardCopyOption.ATOMIC_MOVE);
            await("the CT archived", () -> files(archive, ".dcm").size() == 1 && h.gateway.store().pending() == 0);
            await("the drop folder emptied", () -> !Files.exists(drop.resolve("ct.dcm")));
            Attributes original = read(ct);
            Attributes got = read(files(archive, ".dcm").get(0));
            assertEquals("YES", got.getString(Tag.PatientIdentityRemoved));
            assertNotEquals(original.getString(Tag.SOPInstanceUID), got.getString(Tag.SOPInstanceUID));
            assertNotEquals(original.getString(Tag.PatientID), got.getString(Tag.PatientID));

            // 2. Not DICOM: dead letters, with the reason beside it, the bytes as dropped; nothing archived.
            byte[] junk = "this is a shopping list, not a DICOM object\n".repeat(20).getBytes(StandardCharsets.UTF_8);
            Files.write(drop.resolve("notes.txt"), junk);
            await("the text file dead-lettered", () -> files(deadLetters, ".reason.txt").size() == 1);
            await("the drop folder emptied", () -> !Files.exists(drop.resolve("notes.txt")));
            Path reason = files(deadLetters, ".reason.txt").get(0);
            assertTrue(Files.readString(reason).startsWith("reason: cannot read the received object"),
                    Files.readString(reason));
            Path kept = Path.of(reason.toString().replace(".reason.txt", ".dcm"));
            assertArrayEquals(junk, Files.readAllBytes(kept), "the dead letter holds the file as dropped");
            assertEquals(1, files(archive, ".dcm").size());

            // 3. A file still being written (a chunk every 250 ms for 3 s) is not taken early; once it stops
            // changing it is routed whole.
            Attributes second = copyWithNewUid(ct, tmp.resolve("second.dcm"), "2.25.4242424242");
            byte[] secondBytes = Files.readAllBytes(tmp.resolve("second.dcm"));
            Path growing = drop.resolve("growing.dcm");
            int chunks = 12;
            try (OutputStream out = Files.newOutputStream(growing)) {
                for (int i = 0; i < chunks; i++) {
                    int from = secondBytes.length * i / chunks;
                    int to = secondBytes.length * (i + 1) / chunks;
                    out.write(secondBytes, from, to - from);
                    out.flush();
                    Thread.sleep(250);
                    assertTrue(Files.exists(growing), "taken while being written, after chunk " + (i + 1));
                    assertEquals(1, files(archive, ".dcm").size(), "archived while being written");
                    assertEquals(1, files(deadLetters, ".reason.txt").size(), "dead-lettered while being written");
                    assertEquals(List.of(), files(work.resolve("spool"), ""), "spooled while being written");
                }
            }
            await("the second CT archived", () -> files(archive, ".dcm").size() == 2
                    && h.gateway.store().pending() == 0);
            await("the drop folder emptied", () -> !Files.exists(growing));
            assertEquals(1, files(deadLetters, ".reason.txt").size(), "nothing more in dead letters");
            Path arrived = null;
            for (Path f : files(archive, ".dcm")) {
                if (!read(f).getString(Tag.SOPInstanceUID).equals(got.getString(Tag.SOPInstanceUID))) {
                    arrived = f;
                }
            }
            Attributes whole = readWithPixels(arrived);
            assertArrayEquals(readWithPixels(tmp.resolve("second.dcm")).getBytes(Tag.PixelData),
                    whole.getBytes(Tag.PixelData), "the pixel data arrived whole");
            assertNotEquals(second.getString(Tag.SOPInstanceUID), whole.getString(Tag.SOPInstanceUID));
        }
    }

    private static Attributes copyWithNewUid(Path source, Path target, String uid) throws IOException {
        Attributes ds;
        org.dmask.dicom.TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(source)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        ds.setString(Tag.SOPInstanceUID, org.dmask.dicom.VR.UI, uid);
        try (OutputStream o = Files.newOutputStream(target)) {
            new org.dmask.dicom.DicomOutputStream(o).writeDicomFile(null, ds, ts);
        }
        return ds;
    }

    private static Attributes read(Path f) throws IOException {
        Attributes ds = readWithPixels(f);
        ds.disposeBulkData();
        return ds;
    }

    private static Attributes readWithPixels(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
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
