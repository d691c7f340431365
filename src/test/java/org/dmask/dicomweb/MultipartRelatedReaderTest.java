package org.dmask.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmask.dicomweb.MultipartRelatedReader.MultipartException;
import org.dmask.dicomweb.MultipartRelatedReader.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The STOW-RS body reader on its own: RFC 2046 framing, streaming with a fixed buffer, and malformed bodies. */
class MultipartRelatedReaderTest {

    private static final String CRLF = "\r\n";

    @Test
    void boundaryAndTypeFromTheContentType() {
        String ct = "multipart/related; type=\"application/dicom\"; boundary=\"a b\"";
        assertEquals("a b", MultipartRelatedReader.boundary(ct));
        assertEquals("application/dicom", MultipartRelatedReader.param(ct, "TYPE"));
        assertEquals("xyz", MultipartRelatedReader.boundary("multipart/related;boundary=xyz"));
        assertNull(MultipartRelatedReader.boundary("multipart/related"));
        assertNull(MultipartRelatedReader.boundary(null));
    }

    @Test
    void partsWithHeadersPreambleAndEpilogue() throws IOException {
        String body = "preamble, ignored" + CRLF + "--B" + CRLF
                + "Content-Type: application/dicom" + CRLF + "X-Extra:  two words " + CRLF + CRLF
                + "first" + CRLF + "--B  " + CRLF + CRLF + CRLF + "--B--" + CRLF + "epilogue";
        MultipartRelatedReader r = reader(body.getBytes(StandardCharsets.ISO_8859_1), "B", Integer.MAX_VALUE);
        Part p1 = r.next();
        assertEquals("application/dicom", p1.contentType());
        assertEquals("two words", p1.headers().get("x-extra"));
        assertEquals("first", new String(p1.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        Part p2 = r.next();
        assertEquals(0, p2.headers().size());
        assertEquals(0, p2.body().readAllBytes().length, "an empty part");
        assertNull(r.next());
        assertNull(r.next(), "stays at the end");
    }

    @Test
    void anUnreadPartIsSkipped() throws IOException {
        byte[] body = multipart("BND", List.of(new byte[100_000], "second".getBytes(StandardCharsets.US_ASCII)));
        MultipartRelatedReader r = reader(body, "BND", 7);
        assertEquals(0, r.next().body().read(), "read one byte of the first part only");
        assertEquals("second", new String(r.next().body().readAllBytes(), StandardCharsets.US_ASCII));
        assertNull(r.next());
    }

    @Test
    void malformedBodiesFailWithOneClearReason() {
        assertFails("no multipart boundary found", "no boundary at all".getBytes(), "B");
        assertFails("no CRLF after a boundary", ("--B junk" + CRLF).getBytes(), "B");
        assertFails("ends inside a part's headers", ("--B" + CRLF + "Content-Type: x").getBytes(), "B");
        assertFails("no closing boundary", ("--B" + CRLF + CRLF + "data without end").getBytes(), "B");
        assertFails("longer than 8192", ("--B" + CRLF + "X: " + "a".repeat(9000) + CRLF + CRLF).getBytes(), "B");
        StringBuilder many = new StringBuilder("--B" + CRLF);
        for (int k = 0; k < 10_000; k++) {
            many.append("X-").append(k).append(": v").append(CRLF);
        }
        assertFails("more than 64 header lines", many.append(CRLF).toString().getBytes(), "B");
    }

    /** Random parts, some holding near-boundaries, read back through random read sizes: fixed seed and count. */
    @Test
    @Timeout(30)
    void randomPartsSurviveAnyChunking() throws IOException {
        Random random = new Random(20261207L);
        for (int round = 0; round < 300; round++) {
            String boundary = "b" + Long.toHexString(random.nextLong());
            List<byte[]> parts = new ArrayList<>();
            for (int k = random.nextInt(4); k >= 0; k--) {
                byte[] p = new byte[random.nextInt(3) == 0 ? random.nextInt(200_000) : random.nextInt(64)];
                random.nextBytes(p);
                if (p.length > boundary.length() + 8 && random.nextBoolean()) {
                    // a near-boundary inside the data: the delimiter minus its last byte
                    byte[] near = (CRLF + "--" + boundary.substring(0, boundary.length() - 1))
                            .getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(near, 0, p, random.nextInt(p.length - near.length), near.length);
                }
                parts.add(p);
            }
            MultipartRelatedReader r = reader(multipart(boundary, parts), boundary, 1 + random.nextInt(9000));
            for (byte[] expected : parts) {
                Part p = r.next();
                assertArrayEquals(expected, p.body().readAllBytes(), "round " + round);
            }
            assertNull(r.next(), "round " + round);
        }
    }

    private static void assertFails(String reason, byte[] body, String boundary) {
        MultipartException e = assertThrows(MultipartException.class, () -> {
            MultipartRelatedReader r = reader(body, boundary, Integer.MAX_VALUE);
            for (Part p; (p = r.next()) != null; ) {
                p.body().readAllBytes();
            }
        });
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static byte[] multipart(String boundary, List<byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(("--" + boundary + CRLF + "Content-Type: application/dicom" + CRLF + CRLF)
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(p);
            out.write(CRLF.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A reader over a stream that hands out at most {@code chunk} bytes a read, as a network does. */
    private static MultipartRelatedReader reader(byte[] body, String boundary, int chunk) {
        InputStream in = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        return new MultipartRelatedReader(in, boundary);
    }
}
