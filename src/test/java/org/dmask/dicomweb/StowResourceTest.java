package org.dmask.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code dmask.dicomweb.enabled=false}: STOW-RS answers 404 with the reason and reads nothing into the spool. */
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
        };
        byte[] body = "--b\r\n\r\nx\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
        String type = "multipart/related; type=\"application/dicom\"; boundary=b";
        Response res = r.store(new ByteArrayInputStream(body), type, null, null);
        assertEquals(404, res.getStatus());
        String warning = res.getHeaderString("Warning");
        assertTrue(warning.contains("dmask.dicomweb.enabled=false"), warning);
    }
}
