package org.dmask.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The buffered source of a {@link DicomInputStream}: it knows its byte position (for error messages and bulk data
 * offsets) and, for files, how many bytes remain, so a declared length can be checked before it is trusted.
 */
final class PositionedInput {
    private final InputStream in;
    private final long length;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long base;
    private boolean eof;

    PositionedInput(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    long position() {
        return base + pos;
    }

    /** Bytes left in the source, or -1 when unknown. */
    long remaining() {
        return length < 0 ? -1 : length - position();
    }

    /** Makes up to {@code n} bytes available in the buffer; returns how many are. */
    int fill(int n) throws IOException {
        if (lim - pos >= n || eof) {
            return Math.min(n, lim - pos);
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
                break;
            }
            lim += r;
        }
        return Math.min(n, lim - pos);
    }

    int peekU8(int at) {
        return buf[pos + at] & 0xFF;
    }

    int peekU16(int at, boolean bigEndian) {
        int a = buf[pos + at] & 0xFF;
        int b = buf[pos + at + 1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    int peekTag(int at, boolean bigEndian) {
        return (peekU16(at, bigEndian) << 16) | peekU16(at + 2, bigEndian);
    }

    String peekAscii(int at, int n) {
        return new String(buf, pos + at, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private void require(int n) throws IOException {
        if (fill(n) < n) {
            throw new EOFException("unexpected end of input at byte offset " + position());
        }
    }

    int readU16(boolean bigEndian) throws IOException {
        require(2);
        int v = peekU16(0, bigEndian);
        pos += 2;
        return v;
    }

    long readU32(boolean bigEndian) throws IOException {
        require(4);
        long v = bigEndian
                ? ((long) peekU16(0, true) << 16) | peekU16(2, true)
                : ((long) peekU16(2, false) << 16) | peekU16(0, false);
        pos += 4;
        return v;
    }

    int readTag(boolean bigEndian) throws IOException {
        require(4);
        int tag = peekTag(0, bigEndian);
        pos += 4;
        return tag;
    }

    /** Reads up to n bytes; the array grows with what actually arrives, so a lying length costs nothing. */
    byte[] readBytes(int n) throws IOException {
        int buffered = Math.min(n, lim - pos);
        if (buffered == n) {
            byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
        byte[] head = java.util.Arrays.copyOfRange(buf, pos, pos + buffered);
        pos += buffered;
        byte[] rest = in.readNBytes(n - buffered);
        base += pos + rest.length;
        pos = 0;
        lim = 0;
        byte[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    void skip(long n) throws IOException {
        long buffered = Math.min(n, lim - pos);
        pos += (int) buffered;
        long left = n - buffered;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("unexpected end of input at byte offset " + (position() + n - left));
                }
                s = 1;
            }
            left -= s;
            base += s;
        }
    }

    /** Copies n bytes to out; returns the number copied (fewer at end of input). */
    long copyTo(OutputStream out, long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (pos == lim && fill(1) == 0) {
                break;
            }
            int chunk = (int) Math.min(n - done, lim - pos);
            out.write(buf, pos, chunk);
            pos += chunk;
            done += chunk;
        }
        return done;
    }

    /** The rest of the input as a stream (for the inflater). */
    InputStream asStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return fill(1) == 1 ? buf[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = fill(1);
                if (n == 0) {
                    return -1;
                }
                int c = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, c);
                pos += c;
                return c;
            }
        };
    }
}
