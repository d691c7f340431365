package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * Memory: a 20-minute 720p30 video (36 000 frames of 1280×720 H.264, made here under target/, deleted after) goes
 * round (decode, pipeline, H.264 encode, re-encapsulate, write) in a child JVM with -Xmx512m, and memory does not
 * grow with the length of the video.
 *
 * <p>The fixture is cheap: ffmpeg encodes 10 s of a small box moving over a flat grey picture once (libx264, one
 * IDR per 10 s) and repeats that segment by stream copy to the full length, so making it takes about a second. The
 * round trip does all the per-frame work of a real one (H.264 decode, YUV→BGR, a pass through the frame pipeline,
 * BGR→YUV, libopenh264 or libx264 encode); flat content only keeps the bit stream tiny (see
 * conformance/benchmarks.md for the run time).
 *
 * <p>Memory is measured in the child: every {@value #CHECKPOINT} frames a probe in the pipeline forces a full GC and
 * records the heap still in use (the live set) and the process's resident size. The same is done on a 60-second
 * video; the 20-minute run's largest live heap must stay within {@value #HEAP_MARGIN_MIB} MiB of the short run's and
 * its largest resident size within {@value #RSS_MARGIN_MIB} MiB (the child's heap is committed and touched up front,
 * so resident size changes are native memory: FFmpeg, buffers, code); from its first sample to its last, the live
 * heap may grow by {@value #HEAP_MARGIN_MIB} MiB and the resident size by {@value #RSS_GROWTH_MIB} MiB at most. The
 * peak resident size (VmHWM, which JIT compilation at start-up makes noisy) is only printed. {@code -Ddmask.test.long.seconds=N} changes the
 * long video's length for a trial.
 */
@SlowTest
class LongVideoMemoryTest {

    /** Frames between two memory samples in the child. */
    static final int CHECKPOINT = 600;
    static final int SHORT_SECONDS = 60;
    static final int HEAP_MARGIN_MIB = 8;
    /** Resident size: between the two runs (one run's samples vary by about 20 MiB under load), within the run. */
    static final int RSS_MARGIN_MIB = 64;
    static final int RSS_GROWTH_MIB = 32;

    @Test
    void twentyMinutes720pIn512MiBHeap() throws Exception {
        int seconds = Integer.getInteger("dmask.test.long.seconds", 1200);
        Path ffprobe = Peers.require("ffprobe", "ffmpeg");
        Path dir = Files.createDirectories(Paths.get("target", "long-video-" + ProcessHandle.current().pid()));
        try {
            long t0 = System.nanoTime();
            Path segment = dir.resolve("segment.mp4");
            // overlay evaluates its position per frame (drawbox in ffmpeg 5.1 does not): 300 distinct frames
            VideoFixtures.ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=1280x720:r=30[bg];color=c=red:s=96x96:r=30[fg];"
                    + "[bg][fg]overlay=x='mod(t*120,1184)':y='300+100*sin(t)'", "-t", "10",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "300", "-pix_fmt", "yuv420p", "-f", "mp4",
                    segment.toString());
            Path shortIn = fixture(dir, segment, "short", Math.min(SHORT_SECONDS, seconds), ffprobe);
            Path longIn = fixture(dir, segment, "long", seconds, ffprobe);
            long t1 = System.nanoTime();
            Map<String, Long> shortRun = roundTrip(dir, shortIn, "short", Math.min(SHORT_SECONDS, seconds) * 30,
                    ffprobe);
            long t2 = System.nanoTime();
            Map<String, Long> longRun = roundTrip(dir, longIn, "long", seconds * 30, ffprobe);
            long t3 = System.nanoTime();

            System.out.printf("long video: %d frames; fixture %.1f s, %d-frame run %.1f s, %d-frame round trip in "
                    + "-Xmx512m %.1f s (%.0f fps); live heap max short %s / long %s (first %s, last %s) MiB; "
                    + "resident max short %s / long %s (first %s, last %s) MiB, peak short %s / long %s MiB%n",
                    seconds * 30, (t1 - t0) / 1e9, shortRun.get("frames"), (t2 - t1) / 1e9, seconds * 30,
                    (t3 - t2) / 1e9, seconds * 30 / ((t3 - t2) / 1e9), mib(shortRun, "liveMax"),
                    mib(longRun, "liveMax"), mib(longRun, "liveFirst"), mib(longRun, "liveLast"),
                    mib(shortRun, "rssMax"), mib(longRun, "rssMax"), mib(longRun, "rssFirst"),
                    mib(longRun, "rssLast"), mib(shortRun, "hwm"), mib(longRun, "hwm"));

            long mib = 1 << 20;
            assertTrue(longRun.get("heapMax") <= 512 * mib, () -> "child heap limit " + longRun);
            assertEquals(seconds * 30 / CHECKPOINT, longRun.get("samples"), () -> "memory samples " + longRun);
            assertTrue(longRun.get("liveMax") <= shortRun.get("liveMax") + HEAP_MARGIN_MIB * mib,
                    () -> "live heap grows with length: short " + shortRun + ", long " + longRun);
            assertTrue(longRun.get("liveLast") <= longRun.get("liveFirst") + HEAP_MARGIN_MIB * mib,
                    () -> "live heap grows during the run: " + longRun);
            if (longRun.get("rssMax") > 0) {
                assertTrue(longRun.get("rssMax") <= shortRun.get("rssMax") + RSS_MARGIN_MIB * mib,
                        () -> "resident size grows with length: short " + shortRun + ", long " + longRun);
                assertTrue(longRun.get("rssLast") <= longRun.get("rssFirst") + RSS_GROWTH_MIB * mib,
                        () -> "resident size grows during the run: " + longRun);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The segment repeated to {@code seconds} (stream copy), checked by ffprobe, wrapped into a DICOM object. */
    private static Path fixture(Path dir, Path segment, String name, int seconds, Path ffprobe) throws IOException {
        Path stream = dir.resolve(name + ".mp4");
        // moov after mdat: the decoder must seek to the end of the stream and back
        VideoFixtures.ffmpeg("-stream_loop", "-1", "-i", segment.toString(), "-t", Integer.toString(seconds), "-c",
                "copy", "-f", "mp4", stream.toString());
        assertEquals("h264,1280,720,30/1," + seconds * 30, probe(ffprobe, stream), "fixture " + stream);
        return VideoFixtures.wrap(stream, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, seconds * 30,
                new FrameRate(30, 1), 1280, 720, dir.resolve(name + ".dcm"));
    }

    /** codec, size, rate and packet count (one packet a frame) of the video stream, without decoding it. */
    private static String probe(Path ffprobe, Path stream) {
        Peers.ProcessResult p = Peers.run(Duration.ofSeconds(60), ffprobe.toString(), "-v", "error",
                "-select_streams", "v:0", "-count_packets", "-show_entries",
                "stream=codec_name,width,height,r_frame_rate,nb_read_packets", "-of", "csv=p=0", stream.toString());
        assertEquals(0, p.exitCode(), p::toString);
        return p.stdoutUtf8().trim();
    }

    /** One transcode in a child JVM; checks the output and returns the child's figures. */
    private static Map<String, Long> roundTrip(Path dir, Path input, String name, int frames, Path ffprobe)
            throws IOException {
        Path output = dir.resolve(name + "-out.dcm");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // -Xms = -Xmx with pre-touch: the whole heap is resident from the start, so resident size measures the rest
        Peers.ProcessResult r = Peers.run(Duration.ofMinutes(20), List.of(java, "-Xmx512m", "-Xms512m",
                "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"), TranscodeMain.class.getName(),
                input.toString(), output.toString(), dir.toString()));
        assertEquals(0, r.exitCode(), () -> r.stdoutUtf8() + r.stderrUtf8());
        Map<String, Long> figures = parse(r.stdoutUtf8());
        assertEquals(frames, figures.get("frames"), () -> r.stdoutUtf8());

        VideoFixtures.Read out = VideoFixtures.read(output);
        assertEquals(UID.MPEG4HP41, out.tsuid());
        assertEquals(Integer.toString(frames), out.ds().getString(Tag.NumberOfFrames));
        assertEquals(1280, out.ds().getInt(Tag.Columns, 0));
        assertEquals(720, out.ds().getInt(Tag.Rows, 0));
        assertEquals(1000.0 / 30, out.ds().getDouble(Tag.FrameTime, 0), 1e-3);
        Path stream = VideoFixtures.extractStream(output, dir.resolve(name + "-out.mp4"));
        assertEquals("h264,1280,720,30/1," + frames, probe(ffprobe, stream), "output stream of " + name);
        Files.delete(stream);
        Files.delete(output);
        return figures;
    }

    private static Map<String, Long> parse(String stdout) {
        Map<String, Long> m = new HashMap<>();
        for (String token : stdout.trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                try {
                    m.put(token.substring(0, eq), Long.parseLong(token.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // the encoder name
                }
            }
        }
        return m;
    }

    private static String mib(Map<String, Long> m, String key) {
        return String.format("%.1f", m.getOrDefault(key, -1L) / (double) (1 << 20));
    }

    /**
     * The child JVM: one transcode; a probe in the pipeline samples memory every
     * {@value LongVideoMemoryTest#CHECKPOINT} frames. Result on stdout as key=value pairs (bytes).
     */
    public static final class TranscodeMain {

        private static final List<long[]> SAMPLES = new ArrayList<>();

        public static void main(String[] args) throws Exception {
            FrameProcessor probe = frame -> {
                if ((frame.index() + 1) % CHECKPOINT == 0) {
                    sample();
                }
            };
            VideoTranscoder.Result res = new VideoTranscoder(VideoSettings.defaults().withTempDirectory(Path.of(args[2])))
                    .transcode(Path.of(args[0]), Path.of(args[1]), probe);
            long liveMax = 0;
            long rssMax = 0;
            synchronized (SAMPLES) {
                for (long[] s : SAMPLES) {
                    liveMax = Math.max(liveMax, s[0]);
                    rssMax = Math.max(rssMax, s[1]);
                }
                long[] first = SAMPLES.isEmpty() ? new long[] {-1, -1} : SAMPLES.get(0);
                long[] last = SAMPLES.isEmpty() ? new long[] {-1, -1} : SAMPLES.get(SAMPLES.size() - 1);
                System.out.println("frames=" + res.frames() + " encoder=" + res.encoder() + " heapMax="
                        + Runtime.getRuntime().maxMemory() + " samples=" + SAMPLES.size() + " liveMax=" + liveMax
                        + " liveFirst=" + first[0] + " liveLast=" + last[0] + " rssMax=" + rssMax + " rssFirst="
                        + first[1] + " rssLast=" + last[1] + " hwm=" + procStatus("VmHWM:"));
            }
        }

        /** Heap in use after a full GC, and resident size; one sample at a time (workers run in parallel). */
        private static void sample() {
            synchronized (SAMPLES) {
                System.gc();
                long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                SAMPLES.add(new long[] {live, procStatus("VmRSS:")});
            }
        }

        /** A kB figure of /proc/self/status in bytes; -1 off Linux. */
        private static long procStatus(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(key)) {
                        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return -1;
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
