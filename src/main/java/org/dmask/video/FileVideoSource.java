package org.dmask.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Frames of a plain video file (anything FFmpeg reads: .mkv, .mp4, .gif), for masking files outside DICOM. */
public final class FileVideoSource implements FrameSource {

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final VideoFormat format;
    private long delivered;

    private FileVideoSource(Path file, FFmpegFrameGrabber grabber, VideoFormat format) {
        this.file = file;
        this.grabber = grabber;
        this.format = format;
    }

    public static FileVideoSource open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        FfmpegLog.quiet();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.COLOR); // BGR24
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            close(grabber);
            throw new VideoException(file + ": not a video FFmpeg can decode ("
                    + EncapsulatedVideoSource.firstLine(e) + ")", e);
        }
        int w = grabber.getImageWidth();
        int h = grabber.getImageHeight();
        if (!grabber.hasVideo() || w <= 0 || h <= 0) {
            close(grabber);
            throw new VideoException(file + ": no video stream");
        }
        double fps = grabber.getFrameRate();
        FrameRate rate = fps > 0 && fps < 1000 ? FrameRate.ofFrameTimeMillis(1000.0 / fps) : new FrameRate(30, 1);
        // the container's frame count is what the file announces: a hint for progress, never trusted as a limit
        int announced = grabber.getLengthInFrames();
        return new FileVideoSource(file, grabber,
                new VideoFormat(w, h, rate, announced > 0 ? announced : -1, grabber.hasAudio()));
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public boolean read(VideoFrame into) throws IOException {
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoException(file + ": decoding frame " + (delivered + 1) + " failed: "
                    + EncapsulatedVideoSource.firstLine(e), e);
        }
        if (f == null) {
            return false;
        }
        if (f.imageWidth != into.width() || f.imageHeight != into.height()) {
            throw new VideoException(file + ": frame " + (delivered + 1) + " is " + f.imageWidth + "x"
                    + f.imageHeight + ", the stream started at " + into.width() + "x" + into.height());
        }
        EncapsulatedVideoSource.copyBgr(f, into);
        into.setTiming(delivered, f.timestamp);
        delivered++;
        return true;
    }

    @Override
    public void close() {
        close(grabber);
    }

    private static void close(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // nothing was written
        }
    }
}
