package org.dmask.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.video.EncapsulatedVideoSource;
import org.dmask.video.FrameRate;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.VideoFormat;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;

/**
 * Decode and encode frames per second of org.dmask.video against the ffmpeg command line doing the same work, at
 * 640x480 and 1280x720, from one run. A benchmark, not a test: run it with {@code tools/bench/bench-video.sh}.
 *
 * <p>Decode: an H.264 High MP4 (libx264, CRF 18, 300 frames of testsrc2) in a DICOM object; ours decodes every
 * frame to BGR24 through the fragment stream; ffmpeg runs {@code ffmpeg -i in.mp4 -pix_fmt bgr24 -f null -} (decode
 * and the same conversion to BGR24) and, for reference, {@code ffmpeg -i in.mp4 -f null -} (decode only).
 *
 * <p>Encode: 300 BGR24 frames (30 distinct ones, cycled) into H.264/MP4 with our default settings for the encoder
 * of this build; ffmpeg encodes the same raw frames with the same encoder and options where it has that encoder
 * (Debian's ffmpeg has libx264, not libopenh264).
 *
 * <p>usage: {@code VideoBenchmark WORK_DIR}
 */
public final class VideoBenchmark {

    static final int FRAMES = 300;

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/bench-video"));
        VideoSettings settings = VideoSettings.defaults().withTempDirectory(work);
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            int w = size[0];
            int h = size[1];
            String dim = w + "x" + h;
            Path mp4 = work.resolve("in-" + dim + ".mp4");
            run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=" + dim + ":rate=30", "-frames:v", Integer.toString(FRAMES), "-c:v", "libx264",
                    "-crf", "18", "-pix_fmt", "yuv420p", "-f", "mp4", mp4.toString()));
            Attributes ds = new Attributes();
            ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(FRAMES));
            Fragments f = new Fragments(VR.OB);
            f.add(new byte[0]);
            f.add(new BulkData(mp4, 0, Files.size(mp4), false));
            ds.setValue(Tag.PixelData, VR.OB, f);

            // decode, ours: one warm-up pass, then the timed one
            decode(ds);
            long t0 = System.nanoTime();
            List<byte[]> kept = decode(ds);
            double oursDecode = FRAMES / ((System.nanoTime() - t0) / 1e9);
            double cliDecodeBgr = FRAMES / time(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-i",
                    mp4.toString(), "-pix_fmt", "bgr24", "-f", "null", "-"));
            double cliDecode = FRAMES / time(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-i",
                    mp4.toString(), "-f", "null", "-"));

            // encode, ours
            VideoFormat format = new VideoFormat(w, h, new FrameRate(30, 1), FRAMES, false);
            VideoFrame frame = new VideoFrame(w, h);
            String encoder;
            long t1 = System.nanoTime();
            try (H264Mp4Sink sink = H264Mp4Sink.create(format, settings, null)) {
                encoder = sink.encoderName();
                for (int i = 0; i < FRAMES; i++) {
                    System.arraycopy(kept.get(i % kept.size()), 0, frame.bgr(), 0, frame.bgr().length);
                    sink.write(frame);
                }
                sink.finish();
                Files.deleteIfExists(sink.file());
            }
            double oursEncode = FRAMES / ((System.nanoTime() - t1) / 1e9);
            String cliEncodeText = "n/a (no " + encoder + " in the ffmpeg command line here)";
            double cliEncode = Double.NaN;
            if (encoder.equals("libx264")) {
                Path raw = work.resolve("frames-" + dim + ".bgr");
                try (OutputStream os = Files.newOutputStream(raw)) {
                    for (byte[] b : kept) {
                        os.write(b);
                    }
                }
                List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                        "-stream_loop", Integer.toString(FRAMES / kept.size() - 1), "-f", "rawvideo", "-pix_fmt",
                        "bgr24", "-s", dim, "-r", "30", "-i", raw.toString(), "-c:v", "libx264", "-crf",
                        Integer.toString(settings.crf()), "-preset", settings.x264Preset(), "-profile:v", "high",
                        "-g", "60", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4",
                        work.resolve("cli-" + dim + ".mp4").toString()));
                cliEncode = FRAMES / time(cmd);
                cliEncodeText = String.format(Locale.ROOT, "%.1f", cliEncode);
                Files.deleteIfExists(raw);
            }
            System.out.printf(Locale.ROOT, "%s decode: ours %.1f fps, ffmpeg -pix_fmt bgr24 %.1f fps (ratio %.2f), "
                    + "ffmpeg decode only %.1f fps (ratio %.2f)%n", dim, oursDecode, cliDecodeBgr,
                    oursDecode / cliDecodeBgr, cliDecode, oursDecode / cliDecode);
            System.out.printf(Locale.ROOT, "%s encode %s: ours %.1f fps, ffmpeg %s fps%s%n", dim, encoder, oursEncode,
                    cliEncodeText, Double.isNaN(cliEncode) ? ""
                            : String.format(Locale.ROOT, " (ratio %.2f)", oursEncode / cliEncode));
        }
    }

    /** Decodes all frames; keeps copies of the first 30 for the encode run. */
    private static List<byte[]> decode(Attributes ds) throws Exception {
        List<byte[]> kept = new ArrayList<>();
        try (EncapsulatedVideoSource src = EncapsulatedVideoSource.open(ds, UID.MPEG4HP41)) {
            VideoFrame frame = src.newFrame();
            while (src.read(frame)) {
                if (kept.size() < 30) {
                    kept.add(frame.bgr().clone());
                }
            }
        }
        return kept;
    }

    private static double time(List<String> cmd) throws Exception {
        long t = System.nanoTime();
        run(cmd);
        return (System.nanoTime() - t) / 1e9;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }
}
