package org.dmask.mask.pipeline;

import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskProgress;
import org.dmask.mask.MaskTestSupport;
import org.dmask.mask.avatar.AvatarStyle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.face.BgrImage;
import org.dmask.face.FrameAnalysis;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.dmask.video.FrameRate;
import org.dmask.video.VideoFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digital mask end to end on llvmpipe: DICOM in → DICOM out (valid, same frames and rate, (0028,0302)=NO,
 * 113102), no original pixel pattern in full mode, face mode keeps the outside and replaces the inside, fail
 * closed on frames without a face, and the masked video's eye signals follow the original's.
 */
@SlowTest
class MaskPipelineTest {

    @TempDir
    static Path dir;
    private static MaskPipeline pipeline;

    @BeforeAll
    static void setUp() {
        Peers.require("dciodvfy", "dicom3tools");
        Peers.require("ffmpeg", "ffmpeg");
        pipeline = MaskTestSupport.pipeline(0.2);
    }

    @Test
    void corpusVideoBecomesAValidMaskedVideoObject() throws Exception {
        Path in = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        Path out = dir.resolve("corpus-masked.dcm");
        MaskPipeline.Result r = pipeline.mask(in, out, MaskMode.FULL, MaskProgress.NONE);
        System.out.println("corpus: " + r.summary());
        assertMaskedObject(in, out, 60);
        assertEquals(60, r.frames());
    }

    @Test
    void aslClipAsDicomIsMaskedAndItsEyeSignalsSurvive() throws Exception {
        Path mp4 = dir.resolve("asl.mp4");
        VideoFixtures.ffmpeg("-i", Peers.shared("media/asl_again.mkv").toString(), "-t", "3", "-an", "-c:v", "libx264",
                "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p", "-crf", "16", mp4.toString());
        int frames = MaskTestSupport.frames(mp4).size();
        Path in = VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, frames,
                new FrameRate(30, 1), 640, 480, dir.resolve("asl.dcm"));
        Path out = dir.resolve("asl-masked.dcm");
        MaskPipeline.Result r = pipeline.mask(in, out, MaskMode.FULL, MaskProgress.NONE);
        System.out.println("asl_again 3 s: " + r.summary());
        assertMaskedObject(in, out, frames);
        assertEquals(0, r.untracked(), "the signer's face is tracked throughout");

        // Fidelity sanity check: the masked video, analysed again, moves its eyes like the original.
        Path masked = VideoFixtures.extractStream(out, dir.resolve("asl-masked.mp4"));
        MaskTestSupport.Signals original = MaskTestSupport.signals(mp4);
        MaskTestSupport.Signals avatar = MaskTestSupport.signals(masked);
        double gazeR = MaskTestSupport.correlation(original.gazeRight(), avatar.gazeRight());
        double gazeL = MaskTestSupport.correlation(original.gazeLeft(), avatar.gazeLeft());
        double lid = MaskTestSupport.correlation(original.lidRight(), avatar.lidRight());
        System.out.printf("fidelity (asl_again 3 s): avatar tracked in %d/%d frames, gaze r right %.2f left %.2f,"
                + " fissure r %.2f%n", avatar.tracked(), frames, gazeR, gazeL, lid);
        // The pipeline carries MRD1/MRD2 (not the fissure height): compare those too, with each side's spread.
        System.out.printf("lids (asl_again 3 s): mrd1 r right %.2f left %.2f; sd original %.3f/%.3f avatar %.3f/%.3f;"
                + " fissure sd original %.3f avatar %.3f%n",
                MaskTestSupport.correlation(original.mrd1Right(), avatar.mrd1Right()),
                MaskTestSupport.correlation(original.mrd1Left(), avatar.mrd1Left()),
                MaskTestSupport.std(original.mrd1Right()), MaskTestSupport.std(original.mrd1Left()),
                MaskTestSupport.std(avatar.mrd1Right()), MaskTestSupport.std(avatar.mrd1Left()),
                MaskTestSupport.std(original.lidRight()), MaskTestSupport.std(avatar.lidRight()));
        assertTrue(avatar.tracked() >= 0.9 * frames, "the avatar is a face the tracker finds");
        assertTrue(gazeR > 0.3 && gazeL > 0.3, "gaze follows the original: r " + gazeR + ", " + gazeL);
    }

    @Test
    void fullModeCarriesNoOriginalPatternAndFaceModeKeepsOnlyTheOutside() throws Exception {
        // A clip with a saturated magenta square in the background: a pattern no avatar colour comes near.
        Path in = dir.resolve("pattern.mp4");
        VideoFixtures.ffmpeg("-i", Peers.shared("media/asl_again.mkv").toString(), "-t", "1", "-an", "-vf",
                "drawbox=x=8:y=8:w=96:h=96:color=0xFF00FF:t=fill", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-crf", "12", in.toString());
        List<byte[]> original = MaskTestSupport.frames(in);
        assertTrue(magenta(original.get(0)) > 5000, "the pattern is in the input");

        Path full = dir.resolve("pattern-full.mp4");
        pipeline.mask(in, full, MaskMode.FULL, MaskProgress.NONE);
        List<byte[]> fullFrames = MaskTestSupport.frames(full);
        assertEquals(original.size(), fullFrames.size());
        for (byte[] f : fullFrames) {
            assertEquals(0, magenta(f), "no pixel of the pattern in full mode");
        }

        Path face = dir.resolve("pattern-face.mp4");
        pipeline.mask(in, face, MaskMode.FACE, MaskProgress.NONE);
        List<byte[]> faceFrames = MaskTestSupport.frames(face);
        FrameAnalysis a = MaskTestSupport.analyzer().analyze(new BgrImage(640, 480, original.get(0)), 0);
        assertTrue(a.tracked());
        FaceOval oval = FrameRecord.oval(a.landmarks());
        double[] inside = new double[2];
        double[] outside = new double[2];
        byte[] o = original.get(0);
        byte[] m = faceFrames.get(0);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                double rr = oval.normalisedRadius(x + 0.5, y + 0.5);
                double[] acc = rr < 0.8 ? inside : rr > 1 + 24.0 / oval.minRadius() ? outside : null;
                if (acc != null) {
                    int i = (y * 640 + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        acc[0] += Math.abs((o[i + c] & 0xff) - (m[i + c] & 0xff));
                        acc[1]++;
                    }
                }
            }
        }
        double in0 = inside[0] / inside[1], out0 = outside[0] / outside[1];
        System.out.printf("face mode, frame 0: mean |masked - original| inside the oval %.1f, outside %.1f%n", in0,
                out0);
        assertTrue(out0 < 4, "outside the feathered oval the original stays (codec noise only): " + out0);
        assertTrue(in0 > 20, "inside the oval the face is replaced: " + in0);
        assertTrue(magenta(m) > 5000, "the background pattern is kept in face mode");
    }

    @Test
    void framesWithoutAFaceAreNeutralCountedAndFlagTheStudy() throws Exception {
        Path mp4 = dir.resolve("spliced.mp4");
        VideoFixtures.ffmpeg("-i", Peers.shared("media/asl_again.mkv").toString(), "-f", "lavfi", "-i",
                "color=black:s=640x480:r=30:d=1", "-filter_complex",
                "[0:v]trim=duration=1,setpts=PTS-STARTPTS,fps=30,format=yuv420p[a];[1:v]format=yuv420p[b];"
                        + "[a][b]concat=n=2:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-profile:v", "high",
                "-level", "4.1", "-crf", "16", mp4.toString());
        int frames = MaskTestSupport.frames(mp4).size();
        Path in = VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, frames,
                new FrameRate(30, 1), 640, 480, dir.resolve("spliced.dcm"));
        Path out = dir.resolve("spliced-masked.dcm");
        MaskPipeline.Result r = pipeline.mask(in, out, MaskMode.FULL, MaskProgress.NONE);
        System.out.println("spliced: " + r.summary());
        assertTrue(r.untracked() >= 30, "the 30 black frames are untracked: " + r.untracked());
        assertTrue(r.flagged());
        Attributes ds = VideoFixtures.read(out).ds();
        assertTrue(List.of(ds.getStrings(Tag.DeidentificationMethod)).stream()
                .anyMatch(s -> s.startsWith(MaskPipeline.UNTRACKED_FLAG)), "flag in (0012,0063)");
        List<byte[]> masked = MaskTestSupport.frames(VideoFixtures.extractStream(out, dir.resolve("spliced-out.mp4")));
        int[] bg = AvatarStyle.NEUTRAL.background();
        for (int f = frames - 30; f < frames; f++) {
            byte[] px = masked.get(f);
            double deviation = 0;
            for (int i = 0; i < px.length; i += 3) {
                // BGR against the RGB background
                deviation += Math.abs((px[i] & 0xff) - bg[2]) + Math.abs((px[i + 1] & 0xff) - bg[1])
                        + Math.abs((px[i + 2] & 0xff) - bg[0]);
            }
            deviation /= px.length;
            // within the codec's error right after the cut from the avatar
            assertTrue(deviation < 3, "frame " + f + " is the neutral frame: mean deviation " + deviation);
        }
        // The same clip under a higher limit: counted, not flagged.
        Path out2 = dir.resolve("spliced-masked-2.dcm");
        MaskPipeline.Result r2 = MaskTestSupport.pipeline(0.6).mask(in, out2, MaskMode.FULL,
                MaskProgress.NONE);
        assertEquals(r.untracked(), r2.untracked());
        assertFalse(r2.flagged());
    }

    @Test
    void anUndecodableVideoLeavesNoOutput() throws Exception {
        Path in = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        Attributes ds = VideoFixtures.read(in).ds();
        Path junk = dir.resolve("junk.bin");
        Files.write(junk, new byte[4096]);
        org.dmask.dicom.Fragments f = new org.dmask.dicom.Fragments(org.dmask.dicom.VR.OB);
        f.add(new byte[0]);
        f.add(new org.dmask.dicom.BulkData(junk, 0, 4096, false));
        ds.setValue(Tag.PixelData, org.dmask.dicom.VR.OB, f);
        Path bad = dir.resolve("bad.dcm");
        VideoFixtures.write(ds, UID.MPEG4HP41, bad);
        Path out = dir.resolve("bad-masked.dcm");
        assertThrows(org.dmask.video.VideoException.class,
                () -> pipeline.mask(bad, out, MaskMode.FULL, MaskProgress.NONE));
        assertFalse(Files.exists(out));
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().contains(".partial")));
        }
    }

    private static int magenta(byte[] bgr) {
        int n = 0;
        for (int i = 0; i < bgr.length; i += 3) {
            int b = bgr[i] & 0xff, g = bgr[i + 1] & 0xff, r = bgr[i + 2] & 0xff;
            if (r > 180 && b > 180 && g < 90) {
                n++;
            }
        }
        return n;
    }

    static void assertMaskedObject(Path in, Path out, int frames) throws IOException {
        Attributes src = VideoFixtures.read(in).ds();
        Attributes ds = VideoFixtures.read(out).ds();
        assertEquals(src.getString(Tag.SOPClassUID), ds.getString(Tag.SOPClassUID));
        assertNotEquals(src.getString(Tag.SOPInstanceUID), ds.getString(Tag.SOPInstanceUID));
        assertEquals(String.valueOf(frames), ds.getString(Tag.NumberOfFrames));
        assertEquals(src.getDouble(Tag.FrameTime, 0), ds.getDouble(Tag.FrameTime, 0), 1e-3);
        assertEquals("NO", ds.getString(Tag.RecognizableVisualFeatures));
        assertEquals("NO", ds.getString(Tag.BurnedInAnnotation));
        Sequence codes = (Sequence) ds.getValue(Tag.DeidentificationMethodCodeSequence);
        assertTrue(codes.stream().anyMatch(i -> "113102".equals(i.getString(Tag.CodeValue))
                && "DCM".equals(i.getString(Tag.CodingSchemeDesignator))), "CID 7050 113102");
        Set<String> before = errors(in);
        Set<String> after = errors(out);
        after.removeAll(before);
        assertEquals(Set.of(), after, "no new dciodvfy errors");
        Path mp4 = VideoFixtures.extractStream(out, out.resolveSibling(out.getFileName() + ".probe.mp4"));
        Peers.ProcessResult p = Peers.run(Duration.ofSeconds(60), "ffprobe", "-v", "error", "-count_frames",
                "-show_entries", "stream=nb_read_frames,r_frame_rate", "-of", "csv=p=0", mp4.toString());
        String probe = p.stdoutUtf8().trim();
        assertTrue(probe.contains(String.valueOf(frames)), "ffprobe frame count: " + probe);
    }

    private static Set<String> errors(Path file) {
        Peers.ProcessResult v = Peers.run(Duration.ofSeconds(60), "dciodvfy", file.toString());
        return (v.stdoutUtf8() + v.stderrUtf8()).lines().filter(l -> l.startsWith("Error"))
                .collect(Collectors.toSet());
    }
}
