package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.dmask.video.FrameProcessor;
import org.dmask.video.FrameRate;
import org.dmask.testing.Orthanc;
import org.dmask.video.Psnr;
import org.dmask.video.VideoFixtures;
import org.dmask.video.VideoSettings;
import org.dmask.video.VideoTranscoder;
import org.dmask.video.VideoTransferSyntax;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every video transfer syntax, a DICOM video object made here (ffmpeg stream, our writer) goes round:
 * decode → unchanged frames → H.264 encode → re-encapsulate. The result must pass dciodvfy without error, be
 * accepted by a real Orthanc over C-STORE (DCMTK storescu) and served back byte for byte over REST, show the same
 * frame count and rate in ffprobe on the extracted stream, and keep a mean PSNR of at least 38 dB against the input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PeerTest
class VideoRoundTripTest {

    private static final double MIN_PSNR = 38.0;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    static Path dir;
    private Orthanc orthanc;

    @BeforeAll
    void startOrthanc() throws Exception {
        Peers.require("dciodvfy", "dicom3tools");
        Peers.require("storescu", "dcmtk");
        Peers.require("ffprobe", "ffmpeg");
        orthanc = Orthanc.start(Files.createDirectories(dir.resolve("orthanc")), "ORTHANC", Map.of(
                "DicomCheckCalledAet", false, "DicomAlwaysAllowStore", true, "H264TransferSyntaxAccepted", true));
    }

    @AfterAll
    void stopOrthanc() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    /** One fixture: transfer syntax, SOP class, how ffmpeg makes the stream, its container and fragment count. */
    record Case(String tsuid, String sopClass, String container, int fragments, int width, int height,
            FrameRate rate, int frames, List<String> codecArgs) {
        @Override
        public String toString() {
            return VideoTransferSyntax.of(tsuid) + " " + container + " " + fragments + " fragment(s) " + width + "x"
                    + height + "@" + rate;
        }
    }

    static Stream<Arguments> cases() {
        List<String> mpeg2 = List.of("-c:v", "mpeg2video", "-q:v", "2", "-g", "12");
        List<String> h264main = List.of("-c:v", "libx264", "-profile:v", "main", "-level", "4.1", "-crf", "16");
        List<String> h264high = List.of("-c:v", "libx264", "-profile:v", "high", "-level", "4.1", "-crf", "16");
        List<String> h264l42 = List.of("-c:v", "libx264", "-profile:v", "high", "-level", "4.2", "-crf", "16");
        List<String> hevc = List.of("-c:v", "libx265", "-profile:v", "main", "-x265-params", "log-level=error:crf=16",
                "-tag:v", "hvc1");
        List<String> hevc10 = List.of("-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-profile:v", "main10",
                "-x265-params", "log-level=error:crf=16", "-tag:v", "hvc1");
        FrameRate pal = new FrameRate(25, 1);
        FrameRate ntsc = new FrameRate(30000, 1001);
        String endo = UID.VideoEndoscopicImageStorage;
        String photo = UID.VideoPhotographicImageStorage;
        String micro = UID.VideoMicroscopicImageStorage;
        return Stream.of(
                new Case(UID.MPEG2MPML, endo, "mpeg", 1, 352, 288, pal, 25, mpeg2),
                new Case(UID.MPEG2MPMLF, endo, "mpegts", 3, 352, 288, pal, 25, mpeg2),
                new Case(UID.MPEG2MPHL, endo, "mpeg", 1, 640, 360, pal, 20, mpeg2),
                new Case(UID.MPEG2MPHLF, endo, "mpegts", 4, 640, 360, pal, 20, mpeg2),
                new Case(UID.MPEG4HP41, photo, "mp4", 1, 320, 240, ntsc, 30, h264main),
                new Case(UID.MPEG4HP41F, photo, "mp4-faststart", 5, 320, 240, pal, 25, h264high),
                new Case(UID.MPEG4HP41BD, photo, "mpegts", 1, 320, 240, ntsc, 30, h264high),
                new Case(UID.MPEG4HP41BDF, photo, "mpegts", 3, 320, 240, ntsc, 30, h264high),
                new Case(UID.MPEG4HP422D, endo, "mp4", 1, 320, 240, pal, 25, h264l42),
                new Case(UID.MPEG4HP422DF, endo, "mp4", 2, 320, 240, pal, 25, h264l42),
                new Case(UID.MPEG4HP423D, photo, "mp4", 1, 320, 240, pal, 25, h264l42),
                new Case(UID.MPEG4HP423DF, photo, "mpegts", 2, 320, 240, pal, 25, h264l42),
                new Case(UID.MPEG4HP42STEREO, photo, "mp4", 1, 320, 240, pal, 25, h264l42),
                new Case(UID.MPEG4HP42STEREOF, photo, "mp4", 3, 320, 240, pal, 25, h264l42),
                new Case(UID.HEVCMP51, micro, "mp4", 1, 320, 240, pal, 25, hevc),
                new Case(UID.HEVCM10P51, micro, "mp4", 2, 320, 240, pal, 25, hevc10))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTrip(Case c) throws Exception {
        Path stream = dir.resolve("stream-" + System.nanoTime() + "." + (c.container().startsWith("mp4") ? "mp4"
                : c.container().equals("mpegts") ? "ts" : "mpg"));
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i",
                "testsrc2=size=" + c.width() + "x" + c.height() + ":rate=" + c.rate(), "-frames:v",
                Integer.toString(c.frames())));
        args.addAll(c.codecArgs());
        if (!c.codecArgs().contains("-pix_fmt")) {
            args.addAll(List.of("-pix_fmt", "yuv420p"));
        }
        args.addAll(switch (c.container()) {
            case "mp4" -> List.of("-f", "mp4"); // moov after mdat: FFmpeg must seek in the fragments
            case "mp4-faststart" -> List.of("-f", "mp4", "-movflags", "+faststart");
            case "mpeg" -> List.of("-f", "vob");
            default -> List.of("-f", "mpegts");
        });
        args.add(stream.toString());
        VideoFixtures.ffmpeg(args.toArray(String[]::new));
        Path input = VideoFixtures.wrap(stream, c.sopClass(), c.tsuid(), c.fragments(), c.frames(), c.rate(),
                c.width(), c.height(), dir.resolve("in-" + System.nanoTime() + ".dcm"));
        assertRoundTrip(input, c.frames(), c.rate());
    }

    static Stream<Arguments> media() {
        return Stream.of(Arguments.of("asl_again.mkv", List.of("-c:v", "copy", "-f", "mp4")),
                Arguments.of("head-pose-face-detection-male.gif", List.of("-c:v", "libx264", "-profile:v", "high",
                        "-crf", "14", "-pix_fmt", "yuv420p", "-f", "mp4")));
    }

    /** Real faces from ../shared/media as H.264 Video Photographic objects. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("media")
    void roundTripMedia(String clip, List<String> codecArgs) throws Exception {
        Path src = Peers.shared("media").resolve(clip);
        Path stream = dir.resolve(clip + ".mp4");
        List<String> args = new ArrayList<>(List.of("-i", src.toString(), "-an"));
        args.addAll(codecArgs);
        args.add(stream.toString());
        VideoFixtures.ffmpeg(args.toArray(String[]::new));
        Peers.ProcessResult probe = Peers.run(Duration.ofSeconds(60), "ffprobe", "-v", "error", "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=width,height,r_frame_rate,nb_read_frames", "-of",
                "csv=p=0", stream.toString());
        String[] f = probe.stdoutUtf8().trim().split(",");
        int width = Integer.parseInt(f[0]);
        int height = Integer.parseInt(f[1]);
        String[] rate = f[2].split("/");
        int frames = Integer.parseInt(f[3]);
        FrameRate r = new FrameRate(Integer.parseInt(rate[0]), Integer.parseInt(rate[1]));
        Path input = VideoFixtures.wrap(stream, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, frames, r, width,
                height, dir.resolve(clip + ".dcm"));
        assertRoundTrip(input, frames, r);
    }

    private void assertRoundTrip(Path input, int frames, FrameRate rate) throws Exception {
        Path output = dir.resolve("out-" + System.nanoTime() + ".dcm");
        VideoTranscoder.Result result = new VideoTranscoder(VideoSettings.defaults().withTempDirectory(dir))
                .transcode(input, output, FrameProcessor.UNCHANGED);
        assertEquals(frames, result.frames());

        // dciodvfy: no error
        Peers.ProcessResult v = Peers.run(Duration.ofSeconds(60), "dciodvfy", output.toString());
        String report = v.stdoutUtf8() + v.stderrUtf8();
        assertFalse(report.lines().anyMatch(l -> l.startsWith("Error")), () -> "dciodvfy:\n" + report);

        // the attributes re-derived from the stream
        VideoFixtures.Read out = VideoFixtures.read(output);
        Attributes ds = out.ds();
        assertEquals(result.transferSyntaxUID(), out.tsuid());
        assertEquals(String.valueOf(frames), ds.getString(Tag.NumberOfFrames));
        assertEquals("YBR_PARTIAL_420", ds.getString(Tag.PhotometricInterpretation));
        assertEquals("01", ds.getString(Tag.LossyImageCompression));
        assertTrue(List.of(ds.getStrings(Tag.LossyImageCompressionMethod)).contains("ISO_14496_10"));
        assertEquals(rate.frameTimeMillis(), ds.getDouble(Tag.FrameTime, 0), 1e-3);
        Fragments frags = (Fragments) ds.getValue(Tag.PixelData);
        assertEquals(0, frags.itemLength(0), "empty basic offset table");
        VideoTransferSyntax outTs = VideoTransferSyntax.of(out.tsuid());
        if (!outTs.fragmentable()) {
            assertEquals(2, frags.size(), "one fragment in a non-fragmentable transfer syntax");
        }
        VideoFixtures.Read in = VideoFixtures.read(input);
        assertFalse(in.ds().getString(Tag.SOPInstanceUID).equals(ds.getString(Tag.SOPInstanceUID)));
        assertTrue(ds.getString(Tag.SOPInstanceUID).startsWith("2.25."));

        // ffprobe on the extracted stream: same frame count and rate
        Path mp4 = VideoFixtures.extractStream(output, dir.resolve("extracted-" + System.nanoTime() + ".mp4"));
        Peers.ProcessResult probe = Peers.run(Duration.ofSeconds(60), "ffprobe", "-v", "error", "-count_frames",
                "-show_entries", "stream=codec_type,codec_name,r_frame_rate,nb_read_frames,width,height", "-of",
                "csv=p=0", mp4.toString());
        assertEquals(0, probe.exitCode(), probe::toString);
        String line = probe.stdoutUtf8().trim();
        assertEquals("h264," + ds.getInt(Tag.Columns, 0) + "," + ds.getInt(Tag.Rows, 0) + ",video,"
                + rate.numerator() + "/" + rate.denominator() + "," + frames, reorder(line), "ffprobe: " + line);

        // PSNR of output against input frames
        double psnr = Psnr.mean(input, output);
        assertTrue(psnr >= MIN_PSNR, "mean PSNR " + psnr + " dB < " + MIN_PSNR);

        // Orthanc: C-STORE with storescu, then served back unchanged over REST
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aec", "ORTHANC", "-R"));
        String flag = switch (out.tsuid()) {
            case UID.MPEG4HP41 -> "-xn";
            case UID.MPEG4HP422D -> "-x2";
            case UID.MPEG4HP42STEREO -> "-xo";
            default -> null;
        };
        if (flag != null) {
            cmd.add(flag);
        }
        cmd.addAll(List.of("127.0.0.1", Integer.toString(orthanc.dicomPort), output.toString()));
        Peers.ProcessResult store = Peers.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, store.exitCode(), store::toString);
        String id = orthanc.lookupInstance(ds.getString(Tag.SOPInstanceUID));
        assertNotNull(id, "Orthanc has the instance after C-STORE: " + store.stderrUtf8());
        byte[] served = orthanc.getBytes("/instances/" + id + "/file");
        Path servedFile = Files.write(dir.resolve("served-" + System.nanoTime() + ".dcm"), served);
        assertEquals(ds.getString(Tag.SOPInstanceUID), VideoFixtures.read(servedFile).ds().getString(Tag.SOPInstanceUID));
        assertEquals(out.tsuid(), VideoFixtures.read(servedFile).tsuid());
        assertArrayEquals(Files.readAllBytes(mp4), Files.readAllBytes(VideoFixtures.extractStream(servedFile,
                dir.resolve("served-" + System.nanoTime() + ".mp4"))), "Orthanc serves the same stream");
        System.out.printf("round trip %s -> %s (%s, %s): %d frames at %s fps, PSNR %.2f dB, ratio %.1f%n",
                in.tsuid(), out.tsuid(), result.sps(), result.encoder(), frames, rate, psnr,
                result.compressionRatio());
    }

    /** ffprobe prints fields in its own order; put them as codec,width,height,type,rate,frames. */
    private static String reorder(String csv) {
        String[] p = csv.split(",");
        return p.length == 6 ? String.join(",", p[0], p[2], p[3], p[1], p[4], p[5]) : csv;
    }
}
