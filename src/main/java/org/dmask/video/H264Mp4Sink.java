package org.dmask.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Frames into H.264 (yuv420p) in an MP4 file with the moov box in front ("faststart"), written to a temporary file,
 * never to the heap. The encoder is libopenh264 in the default (LGPL) FFmpeg build and libx264 (High profile, CRF)
 * in the {@code gpl} build. Frames get consecutive time stamps at the source's exact rate, so frame count and timing
 * are what went in. Audio is written only when the caller passes it on ({@link #writeAudio}).
 */
public final class H264Mp4Sink implements FrameSink {

    private final Path file;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final VideoFormat format;
    private final String encoderName;
    private long written;
    private boolean finished;
    private boolean closed;

    private H264Mp4Sink(Path file, FFmpegFrameRecorder recorder, VideoFormat format, String encoderName) {
        this.file = file;
        this.recorder = recorder;
        this.format = format;
        this.encoderName = encoderName;
        this.frame = new Frame(format.width(), format.height(), Frame.DEPTH_UBYTE, 3);
    }

    /**
     * Starts an encoder for frames of {@code format}. With {@code audioFrom} (settings keep audio and the source has
     * audio), an AAC track with the source's channels and sample rate is added.
     */
    public static H264Mp4Sink create(VideoFormat format, VideoSettings settings, FFmpegFrameGrabber audioFrom)
            throws VideoException {
        if ((format.width() & 1) != 0 || (format.height() & 1) != 0) {
            throw new VideoException("frame size " + format.width() + "x" + format.height()
                    + " is odd; H.264 in 4:2:0 (YBR_PARTIAL_420) needs even rows and columns");
        }
        FfmpegLog.quiet();
        String encoder = chooseEncoder(settings.encoder());
        Path file;
        try {
            file = settings.tempDirectory() == null ? Files.createTempFile("dmask-video-", ".mp4")
                    : Files.createTempFile(Files.createDirectories(settings.tempDirectory()), "dmask-video-", ".mp4");
        } catch (IOException e) {
            throw new VideoException("cannot create the temporary MP4 file: " + e.getMessage(), e);
        }
        boolean audio = audioFrom != null && audioFrom.hasAudio() && audioFrom.getAudioChannels() > 0;
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), format.width(), format.height(),
                audio ? audioFrom.getAudioChannels() : 0);
        r.setFormat("mp4");
        r.setOption("movflags", "+faststart");
        r.setVideoCodec(AV_CODEC_ID_H264);
        r.setVideoCodecName(encoder);
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        FrameRate rate = format.frameRate();
        r.setFrameRate(rate.fps());
        r.setGopSize(Math.max(1, 2 * rate.roundedFps()));
        if (encoder.equals("libx264")) {
            r.setVideoOption("crf", Integer.toString(settings.crf()));
            r.setVideoOption("preset", settings.x264Preset());
            r.setVideoOption("profile", "high");
        } else {
            // libopenh264 has no constant-quality mode: aim at a bit rate proportional to the pixel rate.
            r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE,
                    settings.openh264BitsPerPixel() * format.width() * format.height() * rate.fps()));
            r.setVideoOption("rc_mode", "quality");
            r.setVideoOption("profile", "high");
        }
        if (audio) {
            r.setAudioCodec(AV_CODEC_ID_AAC);
            r.setSampleRate(audioFrom.getSampleRate());
            r.setAudioBitrate(128_000);
        }
        try {
            r.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            try {
                r.release();
            } catch (FrameRecorder.Exception ignored) {
                // failing anyway
            }
            deleteQuietly(file);
            throw new VideoException("cannot start the H.264 encoder " + encoder + " for " + format.width() + "x"
                    + format.height() + " at " + rate + " fps: " + EncapsulatedVideoSource.firstLine(e), e);
        }
        return new H264Mp4Sink(file, r, format, encoder);
    }

    /**
     * The H.264 encoder these settings get, after loading the FFmpeg libraries: the start-up check's probe. Throws
     * {@link VideoException} with the reason when they do not load or the encoder is not in this build.
     */
    public static String encoderFor(VideoSettings settings) throws VideoException {
        return chooseEncoder(settings.encoder());
    }

    /** libx264 when asked or when {@code auto} finds it in this FFmpeg build, else libopenh264. */
    static String chooseEncoder(String wanted) throws VideoException {
        try {
            FFmpegFrameGrabber.tryLoad();
        } catch (FrameGrabber.Exception e) {
            throw new VideoException("the FFmpeg libraries cannot be loaded: " + loadFailure(e), e);
        }
        if (wanted == null || wanted.isBlank() || wanted.equals("auto")) {
            return available("libx264") ? "libx264" : "libopenh264";
        }
        if (!available(wanted)) {
            throw new VideoException("H.264 encoder " + wanted + " is not in this FFmpeg build"
                    + (wanted.equals("libx264") ? " (libx264 needs the gpl build: mvn -Pgpl)" : ""));
        }
        return wanted;
    }

    /** The innermost reason, e.g. a system library JavaCV's FFmpeg links to that this host lacks. */
    private static String loadFailure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() != null ? root.getMessage() : root.toString();
        // FFmpeg's libavdevice links PulseAudio's client library, which a server may not have.
        return reason.contains("libpulse.so.0") ? reason + " (install the Debian package libpulse0)" : reason;
    }

    private static boolean available(String name) {
        AVCodec c = avcodec_find_encoder_by_name(name);
        return c != null && !c.isNull();
    }

    public String encoderName() {
        return encoderName;
    }

    @Override
    public synchronized void write(VideoFrame f) throws IOException {
        ensureOpen();
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int row = format.width() * 3;
        if (frame.imageStride == row) {
            buf.put(0, f.bgr(), 0, f.bgr().length);
        } else {
            for (int y = 0; y < format.height(); y++) {
                buf.put(y * frame.imageStride, f.bgr(), y * row, row);
            }
        }
        try {
            recorder.record(frame, AV_PIX_FMT_BGR24);
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException("H.264 encoder " + encoderName + ": frame " + (written + 1) + " failed: "
                    + EncapsulatedVideoSource.firstLine(e), e);
        }
        written++;
    }

    /** Adds decoded audio samples of the source; ignored when the file has no audio track. */
    public synchronized void writeAudio(Frame samples) throws IOException {
        ensureOpen();
        if (recorder.getAudioChannels() <= 0) {
            return;
        }
        try {
            recorder.recordSamples(samples.sampleRate, samples.audioChannels, samples.samples);
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException("AAC encoder: audio after frame " + written + " failed: "
                    + EncapsulatedVideoSource.firstLine(e), e);
        }
    }

    public long framesWritten() {
        return written;
    }

    /** Flushes the encoder and closes the MP4; the file then stays until the caller deletes it. */
    @Override
    public synchronized void finish() throws IOException {
        ensureOpen();
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException("H.264 encoder " + encoderName + ": finishing the MP4 after " + written
                    + " frames failed: " + EncapsulatedVideoSource.firstLine(e), e);
        }
        finished = true;
    }

    /** The encoded MP4; complete only after {@link #finish()}. */
    public Path file() {
        return file;
    }

    private void ensureOpen() throws IOException {
        if (closed || finished) {
            throw new IOException("encoder already " + (closed ? "closed" : "finished"));
        }
    }

    /** Without a finish, stops the encoder and deletes the partial file. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception | RuntimeException ignored) {
                // the output is discarded anyway
            }
            deleteQuietly(file);
        }
        frame.close();
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file; the OS cleans its temp directory
        }
    }
}
