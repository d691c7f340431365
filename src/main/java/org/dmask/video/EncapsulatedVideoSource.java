package org.dmask.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG2VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.swscale.SWS_POINT;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.UID;

/**
 * Frames of a DICOM video object (MPEG-2, H.264 or HEVC transfer syntax): the fragments after the Basic Offset Table
 * are one container stream (MPEG-2 PS/TS, MP4), handed to FFmpeg through JavaCV as a seekable
 * {@link FragmentInputStream} over the file ranges the reader left on disk, so the stream is never held in memory.
 * Frames come out in display order as BGR24 with their presentation times.
 */
public final class EncapsulatedVideoSource implements FrameSource {

    private static final String WHERE = "Pixel Data " + Tags.toString(Tag.PixelData);

    private final VideoTransferSyntax ts;
    private final FragmentInputStream stream;
    private final FFmpegFrameGrabber grabber;
    private final VideoFormat format;
    private final long announcedFrames;
    private long delivered;

    private EncapsulatedVideoSource(VideoTransferSyntax ts, FragmentInputStream stream, FFmpegFrameGrabber grabber,
            VideoFormat format, long announcedFrames) {
        this.ts = ts;
        this.stream = stream;
        this.grabber = grabber;
        this.format = format;
        this.announcedFrames = announcedFrames;
    }

    /**
     * Opens the video of a data set read with its transfer syntax {@code tsuid}.
     *
     * @throws VideoException when the transfer syntax is not a video one, the fragments are missing or empty, the
     *                        container cannot be read, or the codec in it is not the transfer syntax's codec
     */
    public static EncapsulatedVideoSource open(Attributes ds, String tsuid) throws VideoException {
        VideoTransferSyntax ts = VideoTransferSyntax.of(tsuid);
        if (ts == null) {
            throw new VideoException("transfer syntax " + tsuid + " (" + nameOf(tsuid) + ") is not a video transfer syntax");
        }
        Fragments fragments = fragmentsOf(ds, tsuid);
        long announced = ds.getInt(Tag.NumberOfFrames, -1);
        FragmentInputStream stream = new FragmentInputStream(fragments, 1);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(stream, Integer.MAX_VALUE - 8);
        FfmpegLog.quiet();
        grabber.setImageMode(FrameGrabber.ImageMode.COLOR); // BGR24
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber, stream);
            throw new VideoException(WHERE + " in " + nameOf(tsuid) + ": FFmpeg cannot read the "
                    + stream.length() + "-byte stream in " + (fragments.size() - 1)
                    + " fragment(s) as a video container (" + firstLine(e) + ")", e);
        }
        try {
            int codec = grabber.getVideoCodec();
            if (!grabber.hasVideo() || codec != expectedCodecId(ts.codec())) {
                throw new VideoException(WHERE + ": the stream holds " + (grabber.hasVideo()
                        ? "video in codec " + grabber.getVideoCodecName() : "no video") + ", but transfer syntax "
                        + nameOf(tsuid) + " requires " + ts.codec().ffmpegName());
            }
            int w = grabber.getImageWidth();
            int h = grabber.getImageHeight();
            if (w <= 0 || h <= 0) {
                throw new VideoException(WHERE + ": the " + ts.codec().ffmpegName() + " stream has no frame size");
            }
            FrameRate rate = frameRateOf(grabber, ds);
            if (bitDepthOf(grabber) > 8) {
                // swscale's 8-bit YUV->BGR path takes chroma from the nearest sample; its high-bit-depth path
                // interpolates. Nearest for 10-bit too makes a Main 10 source decode like its 8-bit re-encoding.
                grabber.setImageScalingFlags(SWS_POINT);
            }
            VideoFormat format = new VideoFormat(w, h, rate, announced, grabber.hasAudio());
            return new EncapsulatedVideoSource(ts, stream, grabber, format, announced);
        } catch (VideoException | RuntimeException e) {
            closeQuietly(grabber, stream);
            throw e;
        }
    }

    /** The encapsulated fragments, each checked to be non-empty. */
    static Fragments fragmentsOf(Attributes ds, String tsuid) throws VideoException {
        Object pixelData = ds.getValue(Tag.PixelData);
        if (!(pixelData instanceof Fragments fragments)) {
            throw new VideoException(WHERE + " is " + (pixelData == null ? "missing" : "not encapsulated")
                    + " in a data set of transfer syntax " + nameOf(tsuid));
        }
        if (fragments.size() < 2) {
            throw new VideoException(WHERE + " has a Basic Offset Table but no fragment");
        }
        for (int i = 1; i < fragments.size(); i++) {
            if (fragments.itemLength(i) == 0) {
                throw new VideoException(WHERE + ": fragment " + i + " of " + (fragments.size() - 1)
                        + " is empty (zero length); a video stream fragment must hold data");
            }
            Object item = fragments.get(i);
            if (item instanceof BulkData b && !java.nio.file.Files.isReadable(b.file())) {
                throw new VideoException(WHERE + ": fragment " + i + " refers to " + b.file()
                        + ", which cannot be read");
            }
        }
        return fragments;
    }

    private static int expectedCodecId(VideoTransferSyntax.Codec codec) {
        return switch (codec) {
            case MPEG2 -> AV_CODEC_ID_MPEG2VIDEO;
            case H264 -> AV_CODEC_ID_H264;
            case HEVC -> AV_CODEC_ID_HEVC;
        };
    }

    /**
     * The container's frame rate: r_frame_rate (FFmpeg's guess of the exact constant rate, e.g. 30/1 where
     * millisecond time stamps make the average 862403/28747) when the average agrees with it within 0.1%, else the
     * average; without either, the data set's Frame Time.
     */
    private static FrameRate frameRateOf(FFmpegFrameGrabber grabber, Attributes ds) throws VideoException {
        AVFormatContext oc = grabber.getFormatContext();
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream st = oc.streams(i);
            if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                FrameRate real = rate(st.r_frame_rate());
                FrameRate avg = rate(st.avg_frame_rate());
                if (real != null && (avg == null || Math.abs(avg.fps() - real.fps()) <= 0.001 * real.fps())) {
                    return real;
                }
                if (avg != null) {
                    return avg;
                }
            }
        }
        double frameTime = ds.getDouble(Tag.FrameTime, 0);
        if (frameTime > 0) {
            return FrameRate.ofFrameTimeMillis(frameTime);
        }
        throw new VideoException(WHERE + ": the stream gives no frame rate and Frame Time "
                + Tags.toString(Tag.FrameTime) + " is absent");
    }

    private static int bitDepthOf(FFmpegFrameGrabber grabber) {
        AVFormatContext oc = grabber.getFormatContext();
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVStream st = oc.streams(i);
            if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                AVPixFmtDescriptor d = av_pix_fmt_desc_get(st.codecpar().format());
                return d == null || d.isNull() ? 8 : d.comp(0).depth();
            }
        }
        return 8;
    }

    private static FrameRate rate(AVRational r) {
        return r.num() > 0 && r.den() > 0 && r.num() / (double) r.den() <= 1000 ? new FrameRate(r.num(), r.den()) : null;
    }

    public VideoTransferSyntax transferSyntax() {
        return ts;
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    /** The grabber, for the audio pass-through of the encoder (the same FFmpeg context). */
    FFmpegFrameGrabber grabber() {
        return grabber;
    }

    private AudioListener audioListener;

    /** Called for each audio frame met while reading video; without a listener audio is skipped. */
    public void onAudio(AudioListener listener) {
        this.audioListener = listener;
    }

    /** Receives the decoded audio frames of the source, in stream order. */
    @FunctionalInterface
    public interface AudioListener {
        void audio(Frame samples) throws IOException;
    }

    @Override
    public boolean read(VideoFrame into) throws IOException {
        Frame f;
        while (true) {
            try {
                f = audioListener == null ? grabber.grabImage() : grabber.grabFrame(true, true, true, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new VideoException(WHERE + ": decoding frame " + (delivered + 1) + " failed near byte "
                        + stream.position() + " of " + stream.length() + " (fragment "
                        + (stream.itemAt(Math.max(0, stream.position() - 1)) + 1) + "): " + firstLine(e), e);
            }
            if (f == null || f.image != null || audioListener == null) {
                break;
            }
            if (f.samples != null) {
                audioListener.audio(f);
            }
        }
        if (f == null) {
            if (announcedFrames > 0 && delivered < announcedFrames) {
                throw new VideoException(WHERE + " in " + nameOf(ts.uid()) + ": the stream ends after " + delivered
                        + " of " + announcedFrames + " frames (Number of Frames " + Tags.toString(Tag.NumberOfFrames)
                        + "); it is truncated or damaged (" + stream.length() + " bytes in "
                        + (stream.itemAt(stream.length()) + 1) + " fragment(s))");
            }
            return false;
        }
        if (f.imageWidth != into.width() || f.imageHeight != into.height()) {
            throw new VideoException(WHERE + ": frame " + (delivered + 1) + " is " + f.imageWidth + "x"
                    + f.imageHeight + ", the stream started at " + into.width() + "x" + into.height());
        }
        copyBgr(f, into);
        into.setTiming(delivered, f.timestamp);
        delivered++;
        return true;
    }

    static void copyBgr(Frame f, VideoFrame into) {
        ByteBuffer src = (ByteBuffer) f.image[0];
        int row = into.width() * 3;
        int stride = f.imageStride;
        byte[] dst = into.bgr();
        if (stride == row) {
            src.get(0, dst, 0, row * into.height());
        } else {
            for (int y = 0; y < into.height(); y++) {
                src.get(y * stride, dst, y * row, row);
            }
        }
    }

    public long framesDelivered() {
        return delivered;
    }

    @Override
    public void close() throws IOException {
        closeQuietly(grabber, stream);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber, FragmentInputStream stream) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // the stream is closed below in any case
        }
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    static String nameOf(String tsuid) {
        String name = UID.nameOf(tsuid);
        return name == null ? tsuid : name;
    }

    /**
     * The first line of an FFmpeg/JavaCV failure, without JavaCV's hint to its programmer "(Has setFormat() been
     * called?)", which ends in dead-letter reasons and means nothing to an operator.
     */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.replace(" (Has setFormat() been called?)", "").strip();
    }
}
