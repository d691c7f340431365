package org.dmask.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a multipart/related body (RFC 2387 / RFC 2046) part by part, streaming: each part's body is an InputStream
 * that ends at the next boundary, with a fixed buffer whatever the part's size.
 */
public final class MultipartRelatedReader {

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;
    private boolean finished;

    public MultipartRelatedReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Boundary from a Content-Type header value; null when there is none. */
    public static String boundary(String contentType) {
        return param(contentType, "boundary");
    }

    public static String param(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String[] kv = p.strip().split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase(name)) {
                String v = kv[1].strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** One part: its headers (lower-case names) and its body. */
    public record Part(Map<String, String> headers, InputStream body) {
        public String contentType() {
            return headers.get("content-type");
        }
    }

    /** More header lines than any real part carries: a body of endless header lines would grow the map unbounded. */
    static final int MAX_HEADER_LINES = 64;

    private boolean first = true;
    private PartStream current;

    /** The next part, or null after the closing boundary. The previous part's body must have been read or is skipped. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.close(); // skip what the caller left of the previous part
            current = null;
        }
        if (first) {
            first = false;
            // The body starts with "--boundary" (no CRLF before it), perhaps after a preamble.
            skipTo(java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length), true);
        }
        // After a delimiter: "--" ends the body, CRLF starts a part.
        int a = read();
        int b = read();
        if (a == '-' && b == '-') {
            finished = true;
            return null;
        }
        while (a == ' ' || a == '\t') {
            a = b;
            b = read();
        }
        if (a != '\r' || b != '\n') {
            throw new MultipartException("malformed multipart body: no CRLF after a boundary");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; !(line = readLine()).isEmpty(); ) {
            if (headers.size() >= MAX_HEADER_LINES) {
                throw new MultipartException("a part has more than " + MAX_HEADER_LINES + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        current = new PartStream();
        return new Part(headers, current);
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = read()) != -1; ) {
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() > 8192) {
                throw new MultipartException("part header line longer than 8192 bytes");
            }
            sb.append((char) c);
        }
        throw new MultipartException("body ends inside a part's headers");
    }

    private int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n <= 0) {
            return false;
        }
        end += n;
        return true;
    }

    /** Index of the delimiter in buf[pos, end), or -1. */
    private int find(byte[] d) {
        outer:
        for (int i = pos; i <= end - d.length; i++) {
            for (int k = 0; k < d.length; k++) {
                if (buf[i + k] != d[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void skipTo(byte[] d, boolean mustFind) throws IOException {
        while (true) {
            int i = find(d);
            if (i >= 0) {
                pos = i + d.length;
                return;
            }
            pos = Math.max(pos, end - d.length + 1);
            if (!fill()) {
                throw new MultipartException("no multipart boundary found in the body");
            }
        }
    }

    /** A part's body: up to the next delimiter. */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            while (true) {
                int i = find(delimiter);
                int available = (i >= 0 ? i : end - delimiter.length + 1) - pos;
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (i >= 0) {
                    pos = i + delimiter.length;
                    done = true;
                    return -1;
                }
                if (!fill()) {
                    throw new MultipartException("body ends inside a part (no closing boundary)");
                }
            }
        }

        @Override
        public void close() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) != -1) {
                // drain to the boundary
            }
        }
    }

    public static final class MultipartException extends IOException {
        public MultipartException(String message) {
            super(message);
        }
    }
}
