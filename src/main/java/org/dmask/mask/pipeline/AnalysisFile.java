package org.dmask.mask.pipeline;

import org.dmask.mask.avatar.Rotations;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.dmask.face.ClipAnalysis;

/**
 * The first pass's per-frame records on disk ({@value FrameRecord#BYTES} bytes a frame), so that memory does not
 * grow with the clip: appended in frame order, then read back by frame index from any thread (positional reads).
 * The file is deleted on close.
 */
final class AnalysisFile implements AutoCloseable {

    /** The neutral-shape median reads this many floats at most into memory at once (16 MB). */
    static final int MEDIAN_BUDGET_FLOATS = 4 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(FrameRecord.BYTES);
    private long frames;
    private long tracked;

    AnalysisFile(Path directory) throws IOException {
        file = directory == null ? Files.createTempFile("dmask-mask-", ".frames")
                : Files.createTempFile(Files.createDirectories(directory), "dmask-mask-", ".frames");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
    }

    void append(FrameRecord record) throws IOException {
        writeBuffer.clear();
        record.writeTo(writeBuffer);
        writeBuffer.flip();
        long position = frames * FrameRecord.BYTES;
        while (writeBuffer.hasRemaining()) {
            position += channel.write(writeBuffer, position);
        }
        frames++;
        tracked += record.tracked() ? 1 : 0;
    }

    long frames() {
        return frames;
    }

    long trackedFrames() {
        return tracked;
    }

    FrameRecord read(long index) throws IOException {
        if (index < 0 || index >= frames) {
            throw new IOException("frame " + index + " was not analysed (" + frames + " frames in the first pass)");
        }
        ByteBuffer b = ByteBuffer.allocate(FrameRecord.BYTES);
        readFully(b, index * FrameRecord.BYTES);
        b.flip();
        return FrameRecord.readFrom(b);
    }

    /**
     * The subject's neutral shape: per canonical coordinate, the median over the tracked frames (as
     * {@link org.dmask.face.NeutralShape#median}), computed a block of coordinates at a time so that at most
     * {@link #MEDIAN_BUDGET_FLOATS} values are in memory. Null when no frame was tracked.
     */
    float[] neutralShape() throws IOException {
        if (tracked == 0) {
            return null;
        }
        if (tracked > MEDIAN_BUDGET_FLOATS) {
            throw new IOException("clip too long for the neutral shape: " + tracked + " tracked frames");
        }
        int n = (int) tracked;
        int block = (int) Math.max(1, Math.min(FrameRecord.CANONICAL_FLOATS, MEDIAN_BUDGET_FLOATS / n));
        float[] neutral = new float[FrameRecord.CANONICAL_FLOATS];
        float[] values = new float[n * block];
        ByteBuffer flag = ByteBuffer.allocate(Float.BYTES);
        ByteBuffer chunk = ByteBuffer.allocate(block * Float.BYTES);
        float[] column = new float[n];
        for (int start = 0; start < FrameRecord.CANONICAL_FLOATS; start += block) {
            int width = Math.min(block, FrameRecord.CANONICAL_FLOATS - start);
            int row = 0;
            for (long f = 0; f < frames; f++) {
                long base = f * FrameRecord.BYTES;
                flag.clear();
                readFully(flag, base);
                if (flag.getFloat(0) == 0) {
                    continue;
                }
                chunk.clear().limit(width * Float.BYTES);
                readFully(chunk, base + (long) (FrameRecord.HEADER_FLOATS + start) * Float.BYTES);
                chunk.flip();
                chunk.asFloatBuffer().get(values, row * width, width);
                row++;
            }
            for (int j = 0; j < width; j++) {
                for (int f = 0; f < n; f++) {
                    column[f] = values[f * width + j];
                }
                Arrays.sort(column);
                int m = n / 2;
                neutral[start + j] = n % 2 == 1 ? column[m] : (column[m - 1] + column[m]) / 2;
            }
        }
        return neutral;
    }

    /** Median pose scale (pixels per canonical unit) over the tracked frames; NaN when none was tracked. */
    double medianScale() throws IOException {
        return medianOfHeader(1, 1)[0];
    }

    /** Median face position in the image (x, y) over the tracked frames; NaN when none was tracked. */
    double[] medianPosition() throws IOException {
        return medianOfHeader(11, 2);
    }

    /**
     * The subject's habitual head orientation: the element-wise median of the tracked frames' rotation matrices,
     * made orthonormal again (Gram-Schmidt); identity when none was tracked.
     */
    float[] medianRotation() throws IOException {
        float[] m = new float[9];
        if (tracked == 0) {
            m[0] = m[4] = m[8] = 1;
            return m;
        }
        double[] median = medianOfHeader(2, 9);
        for (int i = 0; i < 9; i++) {
            m[i] = (float) median[i];
        }
        return Rotations.orthonormalize(m);
    }

    /**
     * Median of each eye reading over the tracked frames: right gazeH, gazeV, mrd1, mrd2, then the left's; NaN
     * when none was tracked.
     */
    float[] medianEyes() throws IOException {
        double[] median = medianOfHeader(FrameRecord.FIRST_EYE_FLOAT, 8);
        float[] m = new float[8];
        for (int i = 0; i < 8; i++) {
            m[i] = (float) median[i];
        }
        return m;
    }

    /**
     * Each eye's open fissure height over the tracked frames, right then left: the
     * {@link ClipAnalysis#OPEN_PERCENTILE} percentile, as the analysis takes it for its blinks (a lid that droops over
     * the clip lowers the median); NaN when none was tracked.
     */
    float[] openFissures() throws IOException {
        float[] out = new float[2];
        float[][] columns = headerColumns(FrameRecord.FIRST_FISSURE_FLOAT, 2);
        for (int e = 0; e < 2; e++) {
            double[] v = new double[columns[e].length];
            for (int i = 0; i < v.length; i++) {
                v[i] = columns[e][i];
            }
            out[e] = (float) ClipAnalysis.percentile(v, ClipAnalysis.OPEN_PERCENTILE);
        }
        return out;
    }

    /**
     * Medians of consecutive header floats {@code first .. first+count-1} (see {@link FrameRecord#HEADER_FLOATS}) over
     * the tracked frames; NaN when none was tracked.
     */
    private double[] medianOfHeader(int first, int count) throws IOException {
        double[] out = new double[count];
        float[][] values = headerColumns(first, count);
        for (int i = 0; i < count; i++) {
            float[] v = values[i];
            if (v.length == 0) {
                out[i] = Double.NaN;
                continue;
            }
            Arrays.sort(v);
            int m = v.length / 2;
            out[i] = v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
        }
        return out;
    }

    /**
     * Header floats {@code first .. first+count-1} of the tracked frames, one column each, in one pass with one read
     * per frame (empty columns when none was tracked).
     */
    private float[][] headerColumns(int first, int count) throws IOException {
        float[][] values = new float[count][(int) tracked];
        ByteBuffer b = ByteBuffer.allocate((first + count) * Float.BYTES);
        int k = 0;
        for (long f = 0; f < frames && k < tracked; f++) {
            b.clear();
            readFully(b, f * FrameRecord.BYTES);
            if (b.getFloat(0) != 0) {
                for (int i = 0; i < count; i++) {
                    values[i][k] = b.getFloat((first + i) * Float.BYTES);
                }
                k++;
            }
        }
        return values;
    }

    private void readFully(ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int n = channel.read(b, position);
            if (n < 0) {
                throw new IOException("analysis file ends early at byte " + position);
            }
            position += n;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
