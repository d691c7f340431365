package org.dmask.video;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;

/**
 * Frames of a multi-frame image object that is not video (Ophthalmic Photography, multi-frame Secondary Capture,
 * Ultrasound ...), through the same frame interface as video. Native 8-bit pixel data (MONOCHROME1/2, RGB, YBR_FULL,
 * YBR_FULL_422, either planar configuration) is converted to BGR frame by frame while streaming from the file; JPEG
 * Baseline fragments are decoded by FFmpeg's JPEG decoder, the fragments read as one stream of concatenated JPEG
 * images. The frame rate comes from Frame Time, else Cine Rate, else Recommended Display Frame Rate, else
 * {@link #DEFAULT_RATE}.
 */
public abstract sealed class MultiFrameImageSource implements FrameSource {

    /** For objects that say nothing about timing (e.g. Secondary Capture). */
    public static final FrameRate DEFAULT_RATE = new FrameRate(10, 1);

    private static final String WHERE = "Pixel Data " + Tags.toString(Tag.PixelData);

    protected final VideoFormat format;
    protected final long frames;
    protected long delivered;

    MultiFrameImageSource(VideoFormat format) {
        this.format = format;
        this.frames = format.frameCount();
    }

    public static MultiFrameImageSource open(Attributes ds, String tsuid) throws VideoException {
        int rows = ds.getInt(Tag.Rows, 0);
        int cols = ds.getInt(Tag.Columns, 0);
        int frames = ds.getInt(Tag.NumberOfFrames, 1);
        int bits = ds.getInt(Tag.BitsAllocated, 0);
        int spp = ds.getInt(Tag.SamplesPerPixel, 0);
        String pi = ds.getString(Tag.PhotometricInterpretation, "").trim();
        if (rows <= 0 || cols <= 0 || frames <= 0) {
            throw new VideoException("image of " + rows + " rows, " + cols + " columns, " + frames
                    + " frames: Rows (0028,0010), Columns (0028,0011) and Number of Frames (0028,0008) must be positive");
        }
        VideoFormat format = new VideoFormat(cols, rows, rateOf(ds), frames, false);
        TransferSyntax ts = TransferSyntax.of(tsuid);
        Object pixels = ds.getValue(Tag.PixelData);
        if (pixels == null) {
            throw new VideoException(WHERE + " is missing");
        }
        if (!ts.encapsulated()) {
            if (bits != 8) {
                throw new VideoException(WHERE + ": Bits Allocated " + bits + "; only 8-bit images become video frames");
            }
            return new Native(format, ds, pi, spp, pixels, ts);
        }
        if (tsuid.equals(UID.JPEGBaseline8Bit) || tsuid.equals(UID.JPEGExtended12Bit) && bits == 8) {
            if (!(pixels instanceof Fragments fragments)) {
                throw new VideoException(WHERE + " is not encapsulated in a data set of " + EncapsulatedVideoSource.nameOf(tsuid));
            }
            return Jpeg.open(format, fragments);
        }
        throw new VideoException("transfer syntax " + EncapsulatedVideoSource.nameOf(tsuid)
                + " is neither video, native nor JPEG Baseline; its frames cannot be decoded here");
    }

    private static FrameRate rateOf(Attributes ds) {
        double frameTime = ds.getDouble(Tag.FrameTime, 0);
        if (frameTime > 0) {
            return FrameRate.ofFrameTimeMillis(frameTime);
        }
        for (int tag : new int[] {Tag.CineRate, Tag.RecommendedDisplayFrameRate}) {
            int fps = ds.getInt(tag, 0);
            if (fps > 0) {
                return new FrameRate(fps, 1);
            }
        }
        return DEFAULT_RATE;
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    protected void stamp(VideoFrame into) {
        FrameRate r = format.frameRate();
        into.setTiming(delivered, delivered * 1_000_000L * r.denominator() / r.numerator());
        delivered++;
    }

    /** Native (uncompressed) 8-bit pixel data, read frame by frame from the file or from memory. */
    static final class Native extends MultiFrameImageSource {
        private final String pi;
        private final int spp;
        private final boolean planar;
        private final byte[] raw;
        private final InputStream in;

        Native(VideoFormat format, Attributes ds, String pi, int spp, Object pixels, TransferSyntax ts)
                throws VideoException {
            super(format);
            this.pi = pi;
            this.spp = spp;
            this.planar = ds.getInt(Tag.PlanarConfiguration, 0) == 1;
            int pixelsPerFrame = format.width() * format.height();
            int frameBytes = switch (pi) {
                case "MONOCHROME1", "MONOCHROME2" -> spp == 1 ? pixelsPerFrame : -1;
                case "RGB", "YBR_FULL" -> spp == 3 ? 3 * pixelsPerFrame : -1;
                case "YBR_FULL_422" -> spp == 3 && (format.width() & 1) == 0 ? 2 * pixelsPerFrame : -1;
                default -> -1;
            };
            if (frameBytes < 0) {
                throw new VideoException(WHERE + ": Photometric Interpretation " + pi + " with " + spp
                        + " samples per pixel (" + format.width() + " columns) is not supported as video frames");
            }
            if (ts.bigEndian() && ds.getVR(Tag.PixelData) != org.dmask.dicom.VR.OB) {
                throw new VideoException(WHERE + ": 8-bit OW pixel data in big endian is not supported");
            }
            long have = pixels instanceof BulkData b ? b.length() : pixels instanceof byte[] a ? a.length : -1;
            long need = (long) frameBytes * format.frameCount();
            if (have < need) {
                throw new VideoException(WHERE + " holds " + have + " bytes; " + format.frameCount() + " frames of "
                        + format.width() + "x" + format.height() + " " + pi + " need " + need);
            }
            this.raw = new byte[frameBytes];
            try {
                this.in = pixels instanceof BulkData b ? b.openStream() : new ByteArrayInputStream((byte[]) pixels);
            } catch (IOException e) {
                throw new VideoException(WHERE + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean read(VideoFrame into) throws IOException {
            if (delivered >= frames) {
                return false;
            }
            if (in.readNBytes(raw, 0, raw.length) != raw.length) {
                throw new VideoException(WHERE + ": frame " + (delivered + 1) + " of " + frames + " is cut short");
            }
            toBgr(into.bgr(), format.width() * format.height());
            stamp(into);
            return true;
        }

        private void toBgr(byte[] bgr, int n) {
            switch (pi) {
                case "MONOCHROME1", "MONOCHROME2" -> {
                    boolean invert = pi.equals("MONOCHROME1");
                    for (int i = 0; i < n; i++) {
                        byte g = invert ? (byte) ~raw[i] : raw[i];
                        bgr[3 * i] = g;
                        bgr[3 * i + 1] = g;
                        bgr[3 * i + 2] = g;
                    }
                }
                case "RGB" -> {
                    for (int i = 0; i < n; i++) {
                        bgr[3 * i] = raw[planar ? 2 * n + i : 3 * i + 2];
                        bgr[3 * i + 1] = raw[planar ? n + i : 3 * i + 1];
                        bgr[3 * i + 2] = raw[planar ? i : 3 * i];
                    }
                }
                case "YBR_FULL" -> {
                    for (int i = 0; i < n; i++) {
                        ybr(bgr, i, raw[planar ? i : 3 * i] & 0xFF, raw[planar ? n + i : 3 * i + 1] & 0xFF,
                                raw[planar ? 2 * n + i : 3 * i + 2] & 0xFF);
                    }
                }
                default -> { // YBR_FULL_422: Y0 Y1 Cb Cr for each pair of pixels (PS3.3 C.7.6.3.1.2)
                    for (int i = 0; i < n; i += 2) {
                        int cb = raw[2 * i + 2] & 0xFF;
                        int cr = raw[2 * i + 3] & 0xFF;
                        ybr(bgr, i, raw[2 * i] & 0xFF, cb, cr);
                        ybr(bgr, i + 1, raw[2 * i + 1] & 0xFF, cb, cr);
                    }
                }
            }
        }

        /** Full-range YCbCr (PS3.3 C.7.6.3.1.2) to BGR. */
        private static void ybr(byte[] bgr, int i, int y, int cb, int cr) {
            double r = y + 1.402 * (cr - 128);
            double g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
            double b = y + 1.772 * (cb - 128);
            bgr[3 * i] = clamp(b);
            bgr[3 * i + 1] = clamp(g);
            bgr[3 * i + 2] = clamp(r);
        }

        private static byte clamp(double v) {
            return (byte) Math.max(0, Math.min(255, Math.round(v)));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** JPEG Baseline frames: all fragments as one stream of concatenated JPEG images, decoded by FFmpeg. */
    static final class Jpeg extends MultiFrameImageSource {
        private final FragmentInputStream stream;
        private final FFmpegFrameGrabber grabber;

        private Jpeg(VideoFormat format, FragmentInputStream stream, FFmpegFrameGrabber grabber) {
            super(format);
            this.stream = stream;
            this.grabber = grabber;
        }

        static Jpeg open(VideoFormat format, Fragments fragments) throws VideoException {
            for (int i = 1; i < fragments.size(); i++) {
                if (fragments.itemLength(i) == 0) {
                    throw new VideoException(WHERE + ": fragment " + i + " of " + (fragments.size() - 1) + " is empty");
                }
            }
            if (fragments.size() < 2) {
                throw new VideoException(WHERE + " has no fragment");
            }
            FragmentInputStream stream = new FragmentInputStream(fragments, 1);
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(stream, 0); // read straight through: no seeking
            FfmpegLog.quiet();
            g.setFormat("jpeg_pipe");
            g.setImageMode(FrameGrabber.ImageMode.COLOR);
            try {
                g.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                try {
                    g.close();
                    stream.close();
                } catch (Exception ignored) {
                    // failing anyway
                }
                throw new VideoException(WHERE + ": FFmpeg cannot read the JPEG fragments ("
                        + EncapsulatedVideoSource.firstLine(e) + ")", e);
            }
            return new Jpeg(format, stream, g);
        }

        @Override
        public boolean read(VideoFrame into) throws IOException {
            if (delivered >= frames) {
                return false;
            }
            Frame f;
            try {
                f = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new VideoException(WHERE + ": JPEG frame " + (delivered + 1) + " cannot be decoded near byte "
                        + stream.position() + ": " + EncapsulatedVideoSource.firstLine(e), e);
            }
            if (f == null) {
                throw new VideoException(WHERE + ": the JPEG fragments end after " + delivered + " of " + frames
                        + " frames");
            }
            if (f.imageWidth != into.width() || f.imageHeight != into.height()) {
                throw new VideoException(WHERE + ": JPEG frame " + (delivered + 1) + " is " + f.imageWidth + "x"
                        + f.imageHeight + ", Rows/Columns say " + into.width() + "x" + into.height());
            }
            EncapsulatedVideoSource.copyBgr(f, into);
            stamp(into);
            return true;
        }

        @Override
        public void close() throws IOException {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception ignored) {
                // the stream is closed below
            }
            stream.close();
        }
    }
}
