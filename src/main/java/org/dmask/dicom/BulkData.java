package org.dmask.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A value that stays on disk: a byte range of a file. Pixel data, fragments and other large values are kept this way
 * so that a data set of any size costs a few bytes of heap. {@code temporary} ranges live in spool files that the
 * reader created and that {@link #dispose()} deletes.
 */
public record BulkData(Path file, long offset, long length, boolean temporary) {

    public BulkData {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
    }

    /** Opens the byte range for reading; the caller closes the stream. */
    public InputStream openStream() throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ch.position(offset);
            return new BoundedInputStream(Channels.newInputStream(ch), length);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads the whole value into memory; only for values known to be small. */
    public byte[] toBytes() throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("bulk data of " + length + " bytes is too large for memory");
        }
        try (InputStream in = openStream()) {
            return in.readNBytes((int) length);
        }
    }

    /** Deletes the spool file of a temporary value; a reference into a source file is left alone. */
    public void dispose() throws IOException {
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }

    /** Reads at most {@code limit} bytes from the wrapped stream. */
    static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
