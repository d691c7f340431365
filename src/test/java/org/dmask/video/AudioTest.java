package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audio is dropped by default (a voice identifies) and kept, as AAC, only when configured. */
@SlowTest
class AudioTest {

    @TempDir
    Path dir;

    @Test
    void droppedByDefaultKeptWhenConfigured() throws Exception {
        Path mp4 = dir.resolve("av.mp4");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a",
                "aac", "-shortest", "-f", "mp4", mp4.toString());
        Path in = VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, 50,
                new FrameRate(25, 1), 320, 240, dir.resolve("av.dcm"));

        Path dropped = dir.resolve("dropped.dcm");
        new VideoTranscoder(VideoSettings.defaults().withTempDirectory(dir)).transcode(in, dropped,
                FrameProcessor.UNCHANGED);
        assertEquals("video", streams(dropped));

        Path kept = dir.resolve("kept.dcm");
        new VideoTranscoder(VideoSettings.defaults().withTempDirectory(dir).withKeepAudio(true)).transcode(in, kept,
                FrameProcessor.UNCHANGED);
        assertEquals("video,audio", streams(kept).replace("audio,video", "video,audio"));
    }

    private String streams(Path dicom) throws Exception {
        Path mp4 = VideoFixtures.extractStream(dicom, dir.resolve(dicom.getFileName() + ".mp4"));
        Peers.ProcessResult r = Peers.run(Duration.ofSeconds(60), "ffprobe", "-v", "error", "-show_entries",
                "stream=codec_type", "-of", "csv=p=0", mp4.toString());
        return String.join(",", r.stdoutUtf8().trim().lines().toList());
    }
}
