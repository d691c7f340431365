package org.dmask.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dmask.dicom.Tag;
import org.dmask.video.FrameSource;
import org.dmask.video.FrameSources;
import org.dmask.video.VideoFixtures;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoTransferSyntax;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean Pixel Data on an H.264 colour endoscopy-like video made by the test: two scenes with different planted text
 * (a new patient screen at frame 20), read every 10th frame and at the scene change. The cleaned video is decoded
 * again: OCR reads none of the planted words on any frame, the blanked boxes are black, and outside them each frame
 * is the decoded source frame up to one more encoding (mean absolute difference small).
 */
@SlowTest
@Timeout(600)
class PixelVideoCleanTest {

    @TempDir
    Path dir;

    @Test
    void colourEndoscopyVideoLosesItsTextOverEveryFrameWhereItStays() throws Exception {
        List<PlantedText.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            // the textured background changes every frame (new noise), the text stays within a scene
            PlantedText.Frame scene = PlantedText.frame(640, 480, true, PlantedText.Background.TEXTURED,
                    i < 20 ? 600 : 601, 7000 + i);
            frames.add(scene);
        }
        Path in = PixelFixtures.video(frames, dir.resolve("video.dcm"), dir);
        Path out = dir.resolve("video-clean.dcm");
        PixelCleaner.Result r = PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, dir).clean(in, out);
        assertEquals(36, r.frames());
        assertTrue(r.framesRead() >= 4 && r.framesRead() <= 6, "frames read: " + r.framesRead());
        VideoFixtures.Read read = VideoFixtures.read(out);
        assertTrue(VideoTransferSyntax.of(read.tsuid()) != null, read.tsuid());
        assertEquals("NO", read.ds().getString(Tag.BurnedInAnnotation));
        PixelCleanerTest.assertRecorded(out, "DMASK CLEAN PIXEL DATA OCR");

        // the source as decoded: the cleaned video differs from it only by the blanking and one more encoding
        List<byte[]> source = new ArrayList<>();
        VideoFixtures.Read original = VideoFixtures.read(in);
        try (FrameSource src = FrameSources.open(original.ds(), original.tsuid())) {
            VideoFrame frame = src.newFrame();
            while (src.read(frame)) {
                source.add(frame.bgr().clone());
            }
        }
        try (TextDetector ocr = new TextDetector(PixelFixtures.traineddata());
                FrameSource src = FrameSources.open(read.ds(), read.tsuid())) {
            VideoFrame frame = src.newFrame();
            int i = 0;
            while (src.read(frame)) {
                PlantedText.Frame planted = frames.get(i);
                byte[] grey = PixelCleaner.grey(frame);
                assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, grey, 640, 480, planted.words()),
                        "frame " + i);
                List<Region> blanked = r.blanked().get(i);
                assertFalse(blanked.isEmpty(), "frame " + i);
                boolean[] inside = Scoring.mask(blanked, 640, 480);
                long diff = 0;
                long n = 0;
                long darkInside = 0;
                long insideCount = 0;
                for (int p = 0; p < inside.length; p++) {
                    if (inside[p]) {
                        insideCount++;
                        darkInside += (grey[p] & 0xff) < 40 ? 1 : 0;
                        continue;
                    }
                    for (int c = 0; c < 3; c++) {
                        diff += Math.abs((frame.bgr()[3 * p + c] & 0xff) - (source.get(i)[3 * p + c] & 0xff));
                        n++;
                    }
                }
                assertTrue((double) diff / n < 6, "frame " + i + ": mean difference outside the boxes "
                        + (double) diff / n);
                assertTrue(darkInside >= 0.95 * insideCount, "frame " + i + ": blanked boxes are black");
                i++;
            }
            assertEquals(36, i);
        }
    }
}
