package org.dmask.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.Fragments;

/**
 * The fragments of encapsulated Pixel Data after the Basic Offset Table, read as one seekable byte stream. Nothing is
 * copied into the heap: a fragment left on disk ({@link BulkData}) is read with positional reads from its file.
 *
 * <p>FFmpeg must seek in an MP4 whose moov box comes after the media data, so this stream supports
 * {@link #mark}/{@link #reset} and a {@link #skip} that jumps: JavaCV's {@code FFmpegFrameGrabber(InputStream)} marks
 * the start and implements FFmpeg's seek callback as {@code reset()} plus {@code skip(offset)}. The mark's read
 * limit is ignored, since any position can be returned to.
 */
public final class FragmentInputStream extends InputStream {

    private final Object[] items;
    private final long[] starts; // start of each item in the concatenated stream; starts[n] = total length
    private final Map<Path, FileChannel> channels = new HashMap<>();
    private long position;
    private long mark;
    private boolean closed;

    /** Items {@code from} to the end of {@code fragments}; from = 1 skips the Basic Offset Table. */
    public FragmentInputStream(Fragments fragments, int from) {
        this(fragments.subList(from, fragments.size()));
    }

    public FragmentInputStream(List<?> items) {
        this.items = items.toArray();
        this.starts = new long[this.items.length + 1];
        for (int i = 0; i < this.items.length; i++) {
            Object o = this.items[i];
            long len = o instanceof BulkData b ? b.length() : ((byte[]) o).length;
            starts[i + 1] = starts[i] + len;
        }
    }

    public long length() {
        return starts[items.length];
    }

    public long position() {
        return position;
    }

    /** Index of the item holding the byte at {@code pos}, for error messages that say where. */
    public int itemAt(long pos) {
        int lo = 0;
        int hi = items.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        if (len == 0) {
            return 0;
        }
        if (position >= length()) {
            return -1;
        }
        int total = 0;
        while (total < len && position < length()) {
            int i = itemAt(position);
            long within = position - starts[i];
            int n = (int) Math.min(len - total, starts[i + 1] - position);
            if (n == 0) { // an empty item: step over it
                position = starts[i + 1];
                continue;
            }
            Object item = items[i];
            if (item instanceof byte[] bytes) {
                System.arraycopy(bytes, (int) within, b, off + total, n);
            } else {
                readFully((BulkData) item, within, b, off + total, n);
            }
            position += n;
            total += n;
        }
        return total;
    }

    private void readFully(BulkData bulk, long within, byte[] b, int off, int n) throws IOException {
        FileChannel ch = channels.get(bulk.file());
        if (ch == null) {
            ch = FileChannel.open(bulk.file(), StandardOpenOption.READ);
            channels.put(bulk.file(), ch);
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, n);
        long at = bulk.offset() + within;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at);
            if (r < 0) {
                throw new VideoException("fragment " + (itemAt(position) + 1) + " of Pixel Data: file "
                        + bulk.file() + " ends at byte " + at + ", before the fragment's end at "
                        + (bulk.offset() + bulk.length()));
            }
            at += r;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        ensureOpen();
        long skipped = Math.max(0, Math.min(n, length() - position)); // n may be Long.MAX_VALUE: no position + n
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length() - position);
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readlimit) {
        mark = position;
    }

    @Override
    public synchronized void reset() throws IOException {
        ensureOpen();
        position = mark;
    }

    /** Moves to an absolute position in the concatenated stream. */
    public void seek(long pos) {
        if (pos < 0 || pos > length()) {
            throw new IllegalArgumentException("position " + pos + " outside 0.." + length());
        }
        position = pos;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("fragment stream closed");
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        IOException first = null;
        for (FileChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        channels.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "Pixel Data fragments (" + items.length + ", " + length() + " bytes)";
    }
}
