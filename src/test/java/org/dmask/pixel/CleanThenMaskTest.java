package org.dmask.pixel;

import org.dmask.mask.MaskProgress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.dmask.mask.pipeline.MaskPipeline;
import org.dmask.mask.MaskTestSupport;
import org.dmask.mask.VideoMasker;
import org.dmask.route.spool.Arrival;
import org.dmask.route.GatewayHarness;
import org.dmask.route.delivery.GatewayMeter;
import org.dmask.video.FileVideoSource;
import org.dmask.video.FrameSource;
import org.dmask.video.FrameSources;
import org.dmask.video.VideoFixtures;
import org.dmask.video.VideoFrame;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face mask and Clean Pixel Data compose: a real face video (asl_again) with a name, an ID and dates burned into
 * its corners goes through the gateway on a {@code mask: face} rule with the {@code basic-clean-pixels} profile and
 * the real mask (installed models, CPU). What arrives carries both records (113101 and 113102, Burned In Annotation
 * NO, both method lines) and OCR reads none of the planted words on any frame.
 */
@SlowTest
@Timeout(600)
class CleanThenMaskTest {

    static final int FRAMES = 30;

    @TempDir
    Path tmp;

    @Test
    void aFaceMaskedVideoArrivesWithoutItsBurnedInText() throws Exception {
        List<PlantedText.Frame> frames = new ArrayList<>();
        try (FrameSource src = FileVideoSource.open(Peers.shared("media/asl_again.mkv"))) {
            VideoFrame f = src.newFrame();
            while (frames.size() < FRAMES && src.read(f)) {
                frames.add(PlantedText.over(f.bgr(), f.width(), f.height(), true, 900));
            }
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        Path video = PixelFixtures.video(frames, tmp.resolve("asl.dcm"), tmp);
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                targets:
                  a: archive:%s
                rules:
                  - name: video
                    deid: basic-clean-pixels
                    mask: face
                    targets: [a]
                """.formatted(tmp.resolve("a")));
        MaskPipeline pipeline = MaskTestSupport.pipeline(1.0);
        VideoMasker mask = (in, out, mode) -> pipeline.maskDicom(in, out, mode, MaskProgress.NONE);
        Path work = tmp.resolve("gw");
        try (GatewayHarness g = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), mask, PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, tmp),
                GatewayMeter.NONE)) {
            Path spooled = g.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
            Files.copy(video, spooled);
            assertEquals(1, g.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test")).size());
            long end = System.nanoTime() + 400_000_000_000L;
            while (g.gateway.store().pending() > 0 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertEquals(0, g.gateway.store().pending(), "delivered in time");
        }
        Path got;
        try (Stream<Path> s = Files.walk(tmp.resolve("a"))) {
            got = s.filter(Files::isRegularFile).findFirst().orElse(null);
        }
        assertTrue(got != null, "nothing arrived: " + Files.readString(work.resolve("audit.jsonl")));
        VideoFixtures.Read read = VideoFixtures.read(got);
        Attributes ds = read.ds();
        assertEquals("NO", ds.getString(Tag.BurnedInAnnotation));
        assertEquals("NO", ds.getString(Tag.RecognizableVisualFeatures));
        List<String> codes = ds.getSequence(Tag.DeidentificationMethodCodeSequence).stream()
                .map(i -> i.getString(Tag.CodeValue)).toList();
        assertTrue(codes.contains("113101") && codes.contains("113102") && codes.contains("113100"), codes.toString());
        List<String> method = List.of(ds.getStrings(Tag.DeidentificationMethod));
        assertTrue(method.contains("DMASK CLEAN PIXEL DATA OCR") && method.contains(MaskPipeline.METHOD_FACE),
                method.toString());
        try (TextDetector ocr = new TextDetector(PixelFixtures.traineddata());
                FrameSource src = FrameSources.open(ds, read.tsuid())) {
            VideoFrame f = src.newFrame();
            int n = 0;
            while (src.read(f)) {
                assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, PixelCleaner.grey(f), w, h,
                        frames.get(n).words()), "frame " + n);
                n++;
            }
            assertEquals(FRAMES, n);
        }
    }
}
