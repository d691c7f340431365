package org.dmask.route.delivery;

import org.dmask.route.GatewayHarness;

import org.dmask.route.spool.Arrival;
import org.dmask.route.Gateway;
import org.dmask.route.GatewaySettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters hold identified originals: one copy per object however many targets failed (its reasons one section
 * per job), mode 0600 in a 0700 folder, deleted after the retention with an audit line. The case: a video a rule
 * wants masked for three targets, and no masker (fail closed).
 */
class DeadLetterTest {

    @TempDir
    Path tmp;

    @Test
    void oneOwnerOnlyCopyPerObjectDeletedAfterItsRetention() throws Exception {
        Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                targets:
                  a: archive:%s
                  b: archive:%s
                  c: archive:%s
                rules:
                  - name: masked
                    deid: basic
                    mask: full
                    targets: [a, b, c]
                """.formatted(tmp.resolve("a"), tmp.resolve("b"), tmp.resolve("c")));
        Path work = tmp.resolve("gw");
        Duration retention = Duration.ofSeconds(3);
        GatewaySettings settings = GatewayHarness.settings(work, ruleFile, null).withDeadLetterRetention(retention);
        try (GatewayHarness h = GatewayHarness.start(settings, work.resolve("audit.jsonl"), null)) {
            Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
            Files.copy(video, spooled);
            assertEquals(3, h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test")).size());
            await(Duration.ofSeconds(20), () -> h.gateway.store().pending() == 0);

            Path dead = h.gateway.store().deadLetterDirectory();
            List<Path> files = list(dead);
            assertEquals(2, files.size(), "one object and its reasons: " + files);
            Path object = files.stream().filter(f -> f.toString().endsWith(".dcm")).findFirst().orElseThrow();
            Path reasons = files.stream().filter(f -> f.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
            assertArrayEquals(Files.readAllBytes(video), Files.readAllBytes(object), "the object as received");
            String text = Files.readString(reasons);
            assertEquals(3, text.split("\n\n").length, text);
            for (String t : List.of("a", "b", "c")) {
                assertTrue(text.contains("target: " + t + "\n"), text);
            }
            assertTrue(text.startsWith("reason: " + Preparer.NO_MASKER), text);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dead)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(object)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reasons)));

            String name = object.getFileName().toString().replace(".dcm", "");
            long start = System.nanoTime();
            await(Duration.ofSeconds(20), () -> list(dead).isEmpty());
            double after = (System.nanoTime() - start) / 1e9;
            assertTrue(after < retention.toSeconds() + 3, "deleted soon after the retention: " + after + " s");
            // The purge is audited just after the files go: wait for its line.
            String expected = "dead letter " + name + " deleted after the retention of PT3S";
            await(Duration.ofSeconds(5), () -> {
                try {
                    return Files.readString(work.resolve("audit.jsonl")).contains(expected);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            String audit = Files.readString(work.resolve("audit.jsonl"));
            assertTrue(audit.contains("\"event\":\"purge\"") && audit.contains(expected), audit);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(Duration limit, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out after " + limit);
            Thread.sleep(50);
        }
    }

    @Test
    void encryptedWithTheConfiguredKeyNoCanaryInTheBytes() throws Exception {
        // A CT whose patient name is a canary, which no rule takes: a dead letter of the object as received.
        String canary = "CANARY^DEADLETTER" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Path ct = tmp.resolve("canary.dcm");
        org.dmask.dicom.Attributes ds;
        org.dmask.dicom.TransferSyntax ts;
        try (org.dmask.dicom.DicomInputStream in = new org.dmask.dicom.DicomInputStream(
                Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"))) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        ds.setString(org.dmask.dicom.Tag.PatientName, org.dmask.dicom.VR.PN, canary);
        try (java.io.OutputStream o = Files.newOutputStream(ct)) {
            new org.dmask.dicom.DicomOutputStream(o).writeDicomFile(null, ds, ts);
        }
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                targets:
                  a: archive:%s
                rules:
                  - name: mr only
                    match:
                      modality: {in: [MR]}
                    deid: basic
                    targets: [a]
                """.formatted(tmp.resolve("a")));
        Path work = tmp.resolve("gw");
        Path keyFile = tmp.resolve("keys/dead-letters.key");
        GatewaySettings settings = GatewayHarness.settings(work, ruleFile, null).withDeadLetterKeyFile(keyFile);
        try (GatewayHarness h = GatewayHarness.start(settings, work.resolve("audit.jsonl"), null)) {
            Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
            Files.copy(ct, spooled);
            assertEquals(List.of(), h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test")));
            List<Path> files = list(h.gateway.store().deadLetterDirectory());
            assertEquals(2, files.size(), files.toString());
            Path sealed = files.stream().filter(f -> f.toString().endsWith(".dcm.enc")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(sealed);
            assertTrue(!DeadLetterCipherTest.contains(bytes, canary.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    "no canary in the encrypted dead letter");
            assertTrue(!DeadLetterCipherTest.contains(bytes, "DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    "nothing of the file readable");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)),
                    "the key generated owner-only");
            DeadLetterCipher cipher = Gateway.deadLetterCipher(keyFile);
            assertArrayEquals(Files.readAllBytes(ct), cipher.decrypt(bytes), "the key gives the object back");
        }
    }
}
