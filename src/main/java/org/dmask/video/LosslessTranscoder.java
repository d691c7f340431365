package org.dmask.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_JPEGLS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY16LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.RleDecoder;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;

/**
 * Decodes lossless encapsulated pixel data to native Explicit VR Little Endian, for a peer that takes the SOP class but
 * not the object's transfer syntax. Only where the result is exactly the encoded samples: RLE Lossless (any samples,
 * 8/16/32 bits, decoded here), and JPEG Lossless (Process 14, and its Selection Value 1) and JPEG-LS Lossless for
 * one sample of 8 or 16 bits (FFmpeg's decoders, whose output is the samples as encoded; checked against DCMTK's
 * dcmdjpeg and dcmdjpls). Anything else is refused with the reason, never approximated: lossy syntaxes, JPEG 2000
 * (FFmpeg ignores its sign), colour JPEG, signed samples narrower than their allocation.
 */
public final class LosslessTranscoder {

    /** The transfer syntaxes that can be decoded. */
    public static final Set<String> DECODES = Set.of(UID.RLELossless, UID.JPEGLossless, UID.JPEGLosslessSV1,
            UID.JPEGLSLossless);

    /** AVERROR(EAGAIN) on Linux: the decoder wants the end of input before it gives the frame. */
    private static final int EAGAIN = -11;

    private LosslessTranscoder() {
    }

    /** The image attributes the decoding needs, checked. */
    private record Image(int rows, int columns, int frames, int samples, int bitsAllocated, int bitsStored,
            boolean signed) {
        int pixels() {
            return rows * columns;
        }

        int bytesPerSample() {
            return bitsAllocated / 8;
        }
    }

    /**
     * Writes {@code in} to {@code out} in Explicit VR Little Endian with its pixel data decoded, complete or not at
     * all; every other attribute is kept. Throws {@link VideoException} with the reason when it cannot be done
     * exactly.
     */
    public static void toExplicitVRLittleEndian(Path in, Path out) throws IOException {
        Attributes fmi;
        Attributes ds;
        String tsuid;
        try (DicomInputStream din = new DicomInputStream(in)) {
            fmi = din.readFileMetaInformation();
            ds = din.readDataset();
            tsuid = din.transferSyntax().uid();
        }
        Path dir = out.toAbsolutePath().getParent();
        Path pixels = dir.resolve("." + out.getFileName() + "." + UUID.randomUUID() + ".pixels.tmp");
        Path part = dir.resolve("." + out.getFileName() + "." + UUID.randomUUID() + ".part.tmp");
        try {
            if (!DECODES.contains(tsuid)) {
                throw new VideoException("no lossless decoding from " + TransferSyntax.of(tsuid).name()
                        + " (only RLE Lossless, JPEG Lossless and JPEG-LS Lossless)");
            }
            Image image = image(ds, tsuid);
            if (!(ds.getValue(Tag.PixelData) instanceof Fragments fragments)) {
                throw new VideoException("Pixel Data (7FE0,0010) is not encapsulated although the transfer syntax is "
                        + TransferSyntax.of(tsuid).name());
            }
            List<byte[]> frames = frames(fragments, image.frames());
            long length = 0;
            try (OutputStream o = Files.newOutputStream(pixels)) {
                for (int f = 0; f < frames.size(); f++) {
                    byte[] decoded = tsuid.equals(UID.RLELossless)
                            ? rle(frames.get(f), image, f)
                            : ffmpeg(frames.get(f), image, tsuid, f);
                    o.write(decoded);
                    length += decoded.length;
                }
                if ((length & 1) != 0) {
                    o.write(0); // even value length
                    length++;
                }
            }
            ds.setValue(Tag.PixelData, image.bitsAllocated() > 8 ? VR.OW : VR.OB, new BulkData(pixels, 0, length,
                    false));
            if (image.samples() > 1) {
                ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
            }
            try (OutputStream o = Files.newOutputStream(part); DicomOutputStream dout = new DicomOutputStream(o)) {
                dout.writeDicomFile(fmi, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
            Files.move(part, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            ds.disposeBulkData();
            Files.deleteIfExists(pixels);
            Files.deleteIfExists(part);
        }
    }

    private static Image image(Attributes ds, String tsuid) throws VideoException {
        Image im = new Image(ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0), ds.getInt(Tag.NumberOfFrames, 1),
                ds.getInt(Tag.SamplesPerPixel, 1), ds.getInt(Tag.BitsAllocated, 0), ds.getInt(Tag.BitsStored, 0),
                ds.getInt(Tag.PixelRepresentation, 0) == 1);
        if (im.rows() <= 0 || im.columns() <= 0 || im.frames() <= 0) {
            throw new VideoException("image of " + im.rows() + " rows, " + im.columns() + " columns, " + im.frames()
                    + " frames cannot be decoded");
        }
        boolean rle = tsuid.equals(UID.RLELossless);
        Set<Integer> bits = rle ? Set.of(8, 16, 32) : Set.of(8, 16);
        if (!bits.contains(im.bitsAllocated()) || im.bitsStored() <= 0 || im.bitsStored() > im.bitsAllocated()) {
            throw new VideoException("Bits Allocated " + im.bitsAllocated() + ", Bits Stored " + im.bitsStored()
                    + ": not decoded from " + TransferSyntax.of(tsuid).name());
        }
        if (!rle && im.samples() != 1) {
            throw new VideoException(im.samples() + " samples per pixel: only single-sample images are decoded from "
                    + TransferSyntax.of(tsuid).name());
        }
        if (!rle && im.signed() && im.bitsStored() < im.bitsAllocated()) {
            throw new VideoException("signed samples of " + im.bitsStored() + " bits in " + im.bitsAllocated()
                    + ": not decoded from " + TransferSyntax.of(tsuid).name() + " (the sign extension is not checked)");
        }
        if (rle && im.samples() != 1 && im.samples() != 3) {
            throw new VideoException(im.samples() + " samples per pixel cannot be decoded from RLE");
        }
        return im;
    }

    /** The compressed bytes of each frame: all fragments for one frame, else one per frame or by the offset table. */
    static List<byte[]> frames(Fragments fragments, int frames) throws IOException {
        int n = fragments.size() - 1;
        if (n < 1) {
            throw new VideoException("Pixel Data (7FE0,0010) has no fragment");
        }
        List<byte[]> out = new ArrayList<>();
        if (frames == 1) {
            out.add(concat(fragments, 1, fragments.size()));
            return out;
        }
        if (n == frames) {
            for (int i = 1; i <= n; i++) {
                out.add(concat(fragments, i, i + 1));
            }
            return out;
        }
        byte[] table = bytes(fragments.get(0));
        if (table.length != 4L * frames) {
            throw new VideoException(frames + " frames in " + n + " fragments without a Basic Offset Table of "
                    + frames + " entries: the frames cannot be told apart");
        }
        long[] starts = new long[n + 1];
        for (int i = 1; i <= n; i++) {
            starts[i] = i == 1 ? 0 : starts[i - 1] + 8 + fragments.itemLength(i - 1);
        }
        for (int f = 0; f < frames; f++) {
            long from = u32(table, 4 * f);
            long to = f + 1 < frames ? u32(table, 4 * (f + 1)) : Long.MAX_VALUE;
            int first = -1;
            int last = -1;
            for (int i = 1; i <= n; i++) {
                if (starts[i] >= from && starts[i] < to) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first < 0) {
                throw new VideoException("the Basic Offset Table's entry for frame " + (f + 1)
                        + " starts no fragment");
            }
            out.add(concat(fragments, first, last + 1));
        }
        return out;
    }

    private static byte[] concat(Fragments fragments, int from, int to) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            b.write(bytes(fragments.get(i)));
        }
        return b.toByteArray();
    }

    private static byte[] bytes(Object item) throws IOException {
        if (item instanceof BulkData bd) {
            try (InputStream in = bd.openStream()) {
                return in.readAllBytes();
            }
        }
        return (byte[]) item;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static byte[] rle(byte[] frame, Image im, int f) throws VideoException {
        try {
            return RleDecoder.decodeFrame(frame, im.pixels(), im.samples(), im.bytesPerSample());
        } catch (IOException e) {
            throw new VideoException("RLE frame " + (f + 1) + ": " + e.getMessage(), e);
        }
    }

    /** One frame through FFmpeg's decoder; its output must be the image's size in gray of the allocated width. */
    private static byte[] ffmpeg(byte[] frame, Image im, String tsuid, int f) throws VideoException {
        FfmpegLog.quiet();
        String what = TransferSyntax.of(tsuid).name() + " frame " + (f + 1);
        AVCodec codec = avcodec_find_decoder(tsuid.equals(UID.JPEGLSLossless) ? AV_CODEC_ID_JPEGLS : AV_CODEC_ID_MJPEG);
        if (codec == null) {
            throw new VideoException("FFmpeg has no decoder for " + TransferSyntax.of(tsuid).name());
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVPacket pkt = av_packet_alloc();
        AVFrame picture = av_frame_alloc();
        BytePointer data = new BytePointer(frame.length + (long) AV_INPUT_BUFFER_PADDING_SIZE);
        try {
            data.put(frame);
            data.position(frame.length).put(new byte[AV_INPUT_BUFFER_PADDING_SIZE]).position(0);
            pkt.data(data);
            pkt.size(frame.length);
            check(avcodec_open2(ctx, codec, (AVDictionary) null), what + ": cannot open the decoder");
            check(avcodec_send_packet(ctx, pkt), what + ": FFmpeg refuses the data");
            int r = avcodec_receive_frame(ctx, picture);
            if (r == EAGAIN) {
                avcodec_send_packet(ctx, null);
                r = avcodec_receive_frame(ctx, picture);
            }
            check(r, what + " cannot be decoded");
            int want = im.bitsAllocated() == 8 ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_GRAY16LE;
            if (picture.format() != want || picture.width() != im.columns() || picture.height() != im.rows()) {
                BytePointer name = av_get_pix_fmt_name(picture.format());
                throw new VideoException(what + " decodes to " + picture.width() + "x" + picture.height() + " "
                        + (name == null ? "format " + picture.format() : name.getString()) + "; the image is "
                        + im.columns() + "x" + im.rows() + " of " + im.bitsAllocated() + "-bit samples");
            }
            int rowBytes = im.columns() * im.bytesPerSample();
            byte[] out = new byte[rowBytes * im.rows()];
            BytePointer plane = picture.data(0);
            int stride = picture.linesize(0);
            for (int y = 0; y < im.rows(); y++) {
                plane.position((long) y * stride).get(out, y * rowBytes, rowBytes);
            }
            if (!im.signed() && im.bitsStored() < im.bitsAllocated()) {
                checkRange(out, im, what);
            }
            return out;
        } finally {
            av_frame_free(picture);
            av_packet_free(pkt);
            avcodec_free_context(ctx);
            data.deallocate();
        }
    }

    /** Unsigned samples above Bits Stored would mean the decoder scaled them: refused rather than sent wrong. */
    private static void checkRange(byte[] out, Image im, String what) throws VideoException {
        int limit = 1 << im.bitsStored();
        for (int i = 0; i < out.length; i += im.bytesPerSample()) {
            int v = im.bytesPerSample() == 1 ? out[i] & 0xFF : (out[i] & 0xFF) | (out[i + 1] & 0xFF) << 8;
            if (v >= limit) {
                throw new VideoException(what + " decodes to a sample of " + v + ", beyond Bits Stored "
                        + im.bitsStored());
            }
        }
    }

    private static void check(int r, String what) throws VideoException {
        if (r < 0) {
            byte[] msg = new byte[256];
            org.bytedeco.ffmpeg.global.avutil.av_strerror(r, msg, msg.length);
            int n = 0;
            while (n < msg.length && msg[n] != 0) {
                n++;
            }
            throw new VideoException(what + " (" + new String(msg, 0, n, java.nio.charset.StandardCharsets.UTF_8)
                    + ")");
        }
    }
}
