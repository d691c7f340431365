package org.dmask.video;

import java.nio.file.Path;

/**
 * How videos are encoded and processed; the values of {@link VideoConfig} ({@code dmask.video.*}) as a plain record,
 * so the video classes work without a CDI container.
 *
 * @param encoder       H.264 encoder: {@code auto} (libx264 when the FFmpeg build has it, i.e. the {@code gpl}
 *                      profile, else libopenh264), {@code libx264} or {@code libopenh264}
 * @param crf           libx264 constant rate factor (quality-based rate control; lower is better)
 * @param x264Preset    libx264 preset
 * @param openh264BitsPerPixel libopenh264 target bit rate as bits per pixel per frame (it has no CRF mode)
 * @param keepAudio     keep the source's audio track (AAC); dropped by default because a voice identifies
 * @param workers       threads for per-frame work in the pipeline
 * @param queueCapacity frames in flight between decoder, workers and encoder (the back-pressure bound)
 * @param tempDirectory where the encoded MP4 is written before it is encapsulated; null: the system default
 */
public record VideoSettings(String encoder, int crf, String x264Preset, double openh264BitsPerPixel, boolean keepAudio,
        int workers, int queueCapacity, Path tempDirectory) {

    public VideoSettings {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queue capacity must be at least 1");
        }
    }

    public static VideoSettings defaults() {
        return new VideoSettings("auto", 18, "medium", 0.5, false,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 16, null);
    }

    public VideoSettings withKeepAudio(boolean keep) {
        return new VideoSettings(encoder, crf, x264Preset, openh264BitsPerPixel, keep, workers, queueCapacity,
                tempDirectory);
    }

    public VideoSettings withEncoder(String name) {
        return new VideoSettings(name, crf, x264Preset, openh264BitsPerPixel, keepAudio, workers, queueCapacity,
                tempDirectory);
    }

    public VideoSettings withPipeline(int workers, int queueCapacity) {
        return new VideoSettings(encoder, crf, x264Preset, openh264BitsPerPixel, keepAudio, workers, queueCapacity,
                tempDirectory);
    }

    public VideoSettings withTempDirectory(Path dir) {
        return new VideoSettings(encoder, crf, x264Preset, openh264BitsPerPixel, keepAudio, workers, queueCapacity,
                dir);
    }
}
