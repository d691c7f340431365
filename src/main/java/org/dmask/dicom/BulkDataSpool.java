package org.dmask.dicom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one temporary file a {@link DicomInputStream} copies large values into when they cannot stay references
 * into a source file (a stream, or a deflated file). Values are appended one after the other; each becomes a
 * {@link BulkData} range of the file, which {@link Attributes#disposeBulkData()} deletes when its data set is done.
 */
final class BulkDataSpool {

    private final Path directory;
    private Path file;
    private OutputStream out;
    private long length;

    /** @param directory where the file goes; null for java.io.tmpdir */
    BulkDataSpool(Path directory) {
        this.directory = directory;
    }

    /** Bytes appended so far: the offset the next value starts at. */
    long length() {
        return length;
    }

    /** Copies the next {@code n} bytes of {@code in} to the end of the file; returns how many arrived. */
    long append(PositionedInput in, long n) throws IOException {
        if (out == null) {
            Path dir = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, DicomInputStream.SPOOL_PREFIX, ".tmp");
            out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        }
        long copied = in.copyTo(out, n);
        length += copied;
        return copied;
    }

    /** A range of the file as bulk data that deletes the file when disposed. */
    BulkData range(long offset, long n) {
        return new BulkData(file, offset, n, true);
    }

    /** Flushes and closes the file, which the bulk data ranges keep reading. */
    void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** Closes and deletes the file: the read failed, and no data set refers to it. */
    void discard() {
        try {
            close();
        } catch (IOException ignored) {
            // the file is deleted next anyway
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: a temporary file
            }
            file = null;
        }
    }
}
