package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.interop.Peers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Memory: a 20-minute 720p30 video (36 000 frames, made here by ffmpeg under target/, deleted after) goes round
 * (decode, pipeline, H.264 encode, re-encapsulate, write) in a child JVM with -Xmx512m. Long: it runs only with
 * {@code -Ddmask.test.long=true} (see conformance/benchmarks.md for the time it takes); {@code
 * -Ddmask.test.long.seconds=N} shortens the video for a trial.
 */
class LongVideoMemoryTest {

    @Test
    void twentyMinutes720pIn512MiBHeap() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("dmask.test.long"), "long test; run with -Ddmask.test.long=true");
        int seconds = Integer.getInteger("dmask.test.long.seconds", 1200);
        int frames = seconds * 30;
        Path dir = Files.createDirectories(Paths.get("target", "long-video-" + ProcessHandle.current().pid()));
        try {
            long t0 = System.nanoTime();
            Path stream = dir.resolve("long.mp4");
            // moov after mdat: the decoder must seek to the end of the stream and back
            VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", Integer.toString(seconds),
                    "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p", "-f", "mp4",
                    stream.toString());
            Path input = VideoFixtures.wrap(stream, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, frames,
                    new FrameRate(30, 1), 1280, 720, dir.resolve("long.dcm"));
            long t1 = System.nanoTime();
            Path output = dir.resolve("long-out.dcm");
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Peers.ProcessResult r = Peers.run(Duration.ofMinutes(60), List.of(java, "-Xmx512m", "-cp",
                    System.getProperty("java.class.path"), TranscodeMain.class.getName(), input.toString(),
                    output.toString(), dir.toString()));
            long t2 = System.nanoTime();
            assertEquals(0, r.exitCode(), () -> r.stdoutUtf8() + r.stderrUtf8());
            VideoFixtures.Read out = VideoFixtures.read(output);
            assertEquals(Integer.toString(frames), out.ds().getString(Tag.NumberOfFrames));
            System.out.printf("long video: %d frames, fixture %.0f s, round trip in -Xmx512m %.0f s (%s)%n", frames,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, r.stdoutUtf8().trim());
        } finally {
            deleteTree(dir);
        }
    }

    /** The child JVM: one transcode, result on stdout. */
    public static final class TranscodeMain {
        public static void main(String[] args) throws Exception {
            VideoTranscoder.Result res = new VideoTranscoder(VideoSettings.defaults().withTempDirectory(Path.of(args[2])))
                    .transcode(Path.of(args[0]), Path.of(args[1]), FrameProcessor.UNCHANGED);
            Runtime rt = Runtime.getRuntime();
            System.out.println(res.frames() + " frames, " + res.encoder() + ", heap max " + rt.maxMemory() / (1 << 20)
                    + " MiB");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
