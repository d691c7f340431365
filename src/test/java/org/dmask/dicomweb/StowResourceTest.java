package org.dmask.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dmask.route.GatewayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmask.dicomweb.enabled=false}: STOW-RS answers 404 with the reason and reads nothing into the spool. A
 * request whose parts are all refused answers 409, and the gateway logs one WARN line and audits a failed receive,
 * without the instance's UIDs.
 */
class StowResourceTest {

    @Test
    void switchedOffAnswers404() {
        StowResource r = new StowResource();
        r.receiver = new StowReceiver() {
            @Override
            public Path spoolDirectory() {
                throw new AssertionError("a switched-off STOW-RS asked for the spool");
            }

            @Override
            public void received(Path spooled, String user, String remoteAddress) {
                throw new AssertionError("a switched-off STOW-RS stored an instance");
            }
        };
        r.config = new DicomwebConfig() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public MemorySize maxPartSize() {
                return new MemorySize(BigInteger.valueOf(1 << 20));
            }

            @Override
            public Upload upload() {
                throw new AssertionError("a switched-off STOW-RS asked for the upload limits");
            }
        };
        byte[] body = "--b\r\n\r\nx\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
        String type = "multipart/related; type=\"application/dicom\"; boundary=b";
        Response res = r.store(new ByteArrayInputStream(body), type, null, null);
        assertEquals(404, res.getStatus());
        String warning = res.getHeaderString("Warning");
        assertTrue(warning.contains("dmask.dicomweb.enabled=false"), warning);
    }

    private static DicomwebConfig enabled() {
        return new DicomwebConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public MemorySize maxPartSize() {
                return new MemorySize(BigInteger.valueOf(64 << 20));
            }

            @Override
            public Upload upload() {
                throw new AssertionError("the upload limits are applied before the resource, not in it");
            }
        };
    }

    @Test
    void aRefusedRequestIsLoggedAndAudited(@TempDir Path tmp) throws Exception {
        Path ct = org.dmask.testing.Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path rules = Files.writeString(tmp.resolve("rules.yaml"), """
                targets:
                  a: archive:%s
                rules:
                  - name: all
                    deid: basic
                    targets: [a]
                """.formatted(tmp.resolve("a")));
        Path work = tmp.resolve("gw");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules, null),
                work.resolve("audit.jsonl"), null)) {
            StowResource r = new StowResource();
            r.config = enabled();
            r.receiver = new StowReceiver() {
                @Override
                public Path spoolDirectory() {
                    return h.gateway.spoolDirectory();
                }

                @Override
                public void received(Path spooled, String user, String remoteAddress) throws IOException {
                    h.gateway.ingestSpooled(spooled, "stow-rs", user, remoteAddress);
                }

                @Override
                public void refused(int httpStatus, List<String> reasons, String user, String remoteAddress) {
                    h.gateway.refused("stow-rs", user, remoteAddress, "answered " + httpStatus + ": "
                            + String.join("; ", reasons));
                }
            };
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write("--b\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            body.write(Files.readAllBytes(ct));
            body.write("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
            String type = "multipart/related; type=\"application/dicom\"; boundary=b";
            Response res = r.storeIntoStudy("2.25.1", new ByteArrayInputStream(body.toByteArray()), type, null, null);
            assertEquals(409, res.getStatus(), "an instance of another study than the path's");

            String original;
            try (org.dmask.dicom.DicomInputStream in = new org.dmask.dicom.DicomInputStream(ct)) {
                original = in.readDataset().getString(org.dmask.dicom.Tag.SOPInstanceUID);
            }
            List<String> audit = Files.readAllLines(work.resolve("audit.jsonl"));
            assertEquals(1, audit.size(), audit.toString());
            String line = audit.get(0);
            assertTrue(line.contains("\"event\":\"receive\"") && line.contains("\"outcome\":\"failure\"")
                    && line.contains("via stow-rs: refused, answered 409: part 1 belongs to another study"), line);
            assertTrue(line.contains("\"who\":\"stow-rs\""), line);
            try (var files = Files.list(h.gateway.spoolDirectory())) {
                assertEquals(0, files.count(), "nothing kept");
            }
            assertTrue(!line.contains(original), "no original UID in the audit: " + line);
        }
    }
}
