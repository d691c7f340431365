package org.dmask.route;

import org.dmask.route.spool.Arrival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects the peers read are routed too, and the tolerance is said once per object: an MR with 2.5 MB of zero
 * padding after its data set and a CT data set without a Part 10 header arrive de-identified, as conforming Part 10
 * files, and the receive audit line names what was tolerated (never "to null" for what is not known).
 */
class TolerantIngestTest {

    @TempDir
    Path tmp;

    @Test
    void paddedAndHeaderlessObjectsAreRoutedWithTheirTolerance() throws Exception {
        Path mr = Peers.shared("dicom-corpus/dev/pydicom__MR_small_implicit.dcm");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path padded = tmp.resolve("padded.dcm");
        Files.write(padded, concat(Files.readAllBytes(mr), new byte[2_500_000]));
        byte[] ctBytes = Files.readAllBytes(ct);
        Path bare = tmp.resolve("bare.dcm");
        Files.write(bare, Arrays.copyOfRange(ctBytes, (int) StoreScu.datasetOffset(ct), ctBytes.length));

        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                targets:
                  a: archive:%s
                rules:
                  - name: all
                    deid: basic
                    targets: [a]
                """.formatted(tmp.resolve("a")));
        Path work = tmp.resolve("gw");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            for (Path f : List.of(padded, bare)) {
                Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
                Files.copy(f, spooled);
                assertEquals(1, h.gateway.dispatch(new Arrival(spooled, null, null, null, "drop-folder")).size());
            }
            long end = System.nanoTime() + 20_000_000_000L;
            while (h.gateway.store().pending() > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertEquals(0, h.gateway.store().pending());
            List<Path> archived;
            try (Stream<Path> s = Files.walk(tmp.resolve("a"))) {
                archived = s.filter(Files::isRegularFile).toList();
            }
            assertEquals(2, archived.size(), archived.toString());
            for (Path f : archived) {
                try (DicomInputStream in = new DicomInputStream(f)) {
                    assertNotNull(in.readFileMetaInformation(), "written as Part 10");
                    Attributes ds = in.readDataset();
                    ds.disposeBulkData();
                    assertEquals(List.of(), in.tolerated(), "what is sent conforms");
                    assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
                }
                assertTrue(Files.size(f) < 1_000_000, "the padding is not passed on: " + Files.size(f));
            }
            List<String> receives = Files.readAllLines(work.resolve("audit.jsonl")).stream()
                    .filter(l -> l.contains("\"event\":\"receive\"")).toList();
            assertEquals(2, receives.size());
            assertTrue(receives.stream().anyMatch(l -> l.contains(
                    "read with tolerance: 2500000 bytes of zero padding after the data set ignored")), receives.get(0));
            assertTrue(receives.stream().anyMatch(l -> l.contains(
                    "read with tolerance: no Part 10 header: read as Explicit VR Little Endian (inferred)")),
                    receives.toString());
            receives.forEach(l -> assertFalse(l.contains("null"), l));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) throws IOException {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
