package org.dmask.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What an archive reads from an MP4 with one H.264 track: the SPS from the avcC box of the sample description, and
 * the number of samples (frames) from the sample size box. Walks the box tree with positional reads; the media data
 * is never read.
 */
public record Mp4AvcInfo(H264Sps sps, long sampleCount, long fileLength) {

    private static final int MAX_BOX_READ = 1 << 20; // stsd/stsz headers are small; nothing larger is read

    public static Mp4AvcInfo read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Walk w = new Walk(ch);
            w.boxes(0, ch.size(), 0);
            if (w.sps == null) {
                throw new VideoException("MP4 " + file + ": no H.264 track with an avcC box holding an SPS");
            }
            if (w.sampleCount < 0) {
                throw new VideoException("MP4 " + file + ": the H.264 track has no sample size box (stsz)");
            }
            return new Mp4AvcInfo(w.sps, w.sampleCount, ch.size());
        }
    }

    private static final class Walk {
        private final FileChannel ch;
        private H264Sps sps;
        private long sampleCount = -1;
        private boolean inAvcTrack;

        Walk(FileChannel ch) {
            this.ch = ch;
        }

        void boxes(long from, long to, int depth) throws IOException {
            long pos = from;
            while (pos + 8 <= to) {
                ByteBuffer h = read(pos, 16 <= to - pos ? 16 : 8);
                long size = Integer.toUnsignedLong(h.getInt(0));
                String type = new String(new byte[] {h.get(4), h.get(5), h.get(6), h.get(7)},
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                int header = 8;
                if (size == 1) {
                    size = h.getLong(8);
                    header = 16;
                } else if (size == 0) {
                    size = to - pos;
                }
                if (size < header || pos + size > to) {
                    throw new VideoException("MP4: box '" + type + "' at byte " + pos + " has size " + size
                            + ", beyond its parent's end at " + to);
                }
                long body = pos + header;
                long end = pos + size;
                switch (type) {
                    case "moov", "mdia", "minf", "stbl" -> boxes(body, end, depth + 1);
                    case "trak" -> {
                        boolean before = sps != null;
                        boxes(body, end, depth + 1);
                        inAvcTrack = false;
                        if (!before && sps != null && sampleCount < 0) {
                            throw new VideoException("MP4: H.264 track without stsz");
                        }
                    }
                    case "stsd" -> stsd(body, end);
                    case "stsz" -> {
                        if (inAvcTrack) {
                            sampleCount = Integer.toUnsignedLong(read(body, 12).getInt(8));
                        }
                    }
                    default -> { }
                }
                pos = end;
            }
        }

        private void stsd(long body, long end) throws IOException {
            // full box (4) + entry_count (4), then sample entries
            long pos = body + 8;
            while (pos + 8 <= end) {
                ByteBuffer h = read(pos, 8);
                long size = Integer.toUnsignedLong(h.getInt(0));
                String type = new String(new byte[] {h.get(4), h.get(5), h.get(6), h.get(7)},
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                if (size < 8 || pos + size > end) {
                    throw new VideoException("MP4: sample entry '" + type + "' at byte " + pos + " has size " + size);
                }
                if ((type.equals("avc1") || type.equals("avc3")) && sps == null) {
                    inAvcTrack = true;
                    avcEntry(pos + 8 + 78, pos + size); // SampleEntry 8 + VisualSampleEntry 70 bytes
                }
                pos += size;
            }
        }

        private void avcEntry(long from, long to) throws IOException {
            long pos = from;
            while (pos + 8 <= to) {
                ByteBuffer h = read(pos, 8);
                long size = Integer.toUnsignedLong(h.getInt(0));
                if (size < 8 || pos + size > to || size > MAX_BOX_READ) {
                    throw new VideoException("MP4: box in the avc1 sample entry at byte " + pos + " has size " + size);
                }
                if (h.get(4) == 'a' && h.get(5) == 'v' && h.get(6) == 'c' && h.get(7) == 'C') {
                    ByteBuffer c = read(pos + 8, (int) size - 8);
                    if (c.remaining() < 8 || (c.get(5) & 0x1F) < 1) {
                        throw new VideoException("MP4: avcC box at byte " + pos + " holds no SPS");
                    }
                    int len = c.getShort(6) & 0xFFFF;
                    if (8 + len > c.remaining()) {
                        throw new VideoException("MP4: SPS of " + len + " bytes overruns the avcC box at byte " + pos);
                    }
                    byte[] nal = new byte[len];
                    c.get(8, nal);
                    sps = H264Sps.parse(nal);
                    return;
                }
                pos += size;
            }
        }

        private ByteBuffer read(long pos, int len) throws IOException {
            if (len > MAX_BOX_READ) {
                throw new VideoException("MP4: box at byte " + pos + " too large to inspect");
            }
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new VideoException("MP4: file ends at byte " + (pos + b.position()) + " inside a box");
                }
            }
            return b.flip();
        }
    }
}
