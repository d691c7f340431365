package org.dmask.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.video.VideoFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean Pixel Data on native images made by the test: grey ultrasound-like and colour endoscopy-like frames with
 * names, IDs and dates planted in the corners (four fonts, several sizes, plain and textured backgrounds), read by
 * the real Tesseract with the language file dmask installs. After cleaning, OCR of the output reads none of the
 * planted words, every changed pixel lies in a reported blanked region and is black, every pixel outside is as it
 * was, and the record says what was done.
 */
@SlowTest
@Timeout(600)
class PixelCleanerTest {

    private static TextDetector ocr;

    @TempDir
    Path dir;

    @BeforeAll
    static void openOcr() throws Exception {
        ocr = new TextDetector(PixelFixtures.traineddata());
    }

    @AfterAll
    static void closeOcr() {
        ocr.close();
    }

    @Test
    void greyUltrasoundImagesLoseTheirPlantedTextAndNothingElse() throws Exception {
        PixelCleaner cleaner = PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, dir);
        int planted = 0;
        int cleaned = 0;
        for (int seed = 0; seed < 4; seed++) {
            for (PlantedText.Background bg : PlantedText.Background.values()) {
                PlantedText.Frame f = PlantedText.frame(640, 480, false, bg, 100 + seed);
                Path in = PixelFixtures.grey(List.of(f), dir.resolve("us-" + seed + bg + ".dcm"));
                Path out = dir.resolve("us-" + seed + bg + "-clean.dcm");
                PixelCleaner.Result r = cleaner.clean(in, out);
                byte[] after = pixels(out);
                assertFalse(PixelFixtures.stillReadable(ocr, f.grey(), f.width(), f.height(), f.words()).isEmpty(),
                        "the check reads planted words before cleaning");
                assertOnlyBlanked(f.grey(), after, 1, f.width(), r.blanked().get(0), 0);
                assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, after, f.width(), f.height(), f.words()),
                        "seed " + seed + " " + bg);
                Scoring.Score s = Scoring.score(f, Scoring.mask(r.blanked().get(0), f.width(), f.height()));
                planted += s.planted();
                cleaned += s.cleaned();
                assertRecorded(out, "DMASK CLEAN PIXEL DATA OCR");
            }
        }
        assertTrue(cleaned >= 0.9 * planted, "every ink pixel blanked for " + cleaned + " of " + planted + " words");
    }

    @Test
    void colourEndoscopyImagesLoseTheirPlantedTextAndNothingElse() throws Exception {
        PixelCleaner cleaner = PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, dir);
        for (int seed = 0; seed < 3; seed++) {
            for (PlantedText.Background bg : PlantedText.Background.values()) {
                PlantedText.Frame f = PlantedText.frame(seed == 2 ? 1280 : 640, seed == 2 ? 720 : 480, true, bg,
                        200 + seed);
                Path in = PixelFixtures.colour(f, dir.resolve("es-" + seed + bg + ".dcm"));
                Path out = dir.resolve("es-" + seed + bg + "-clean.dcm");
                PixelCleaner.Result r = cleaner.clean(in, out);
                byte[] after = pixels(out);
                assertOnlyBlanked(PixelFixtures.rgb(f.bgr()), after, 3, f.width(), r.blanked().get(0), 0);
                byte[] greyAfter = new byte[f.width() * f.height()];
                for (int i = 0; i < greyAfter.length; i++) {
                    greyAfter[i] = (byte) ((77 * (after[3 * i] & 0xff) + 150 * (after[3 * i + 1] & 0xff)
                            + 29 * (after[3 * i + 2] & 0xff) + 128) >> 8);
                }
                assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, greyAfter, f.width(), f.height(), f.words()),
                        "seed " + seed + " " + bg);
                assertRecorded(out, "DMASK CLEAN PIXEL DATA OCR");
            }
        }
    }

    @Test
    void sixteenBitGreyIsBlankedInItsOwnSamples() throws Exception {
        PlantedText.Frame f = PlantedText.frame(640, 480, false, PlantedText.Background.PLAIN, 300);
        Path in = PixelFixtures.grey16(f, dir.resolve("us16.dcm"));
        Path out = dir.resolve("us16-clean.dcm");
        PixelCleaner.Result r = PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, dir).clean(in, out);
        VideoFixtures.Read read = VideoFixtures.read(out);
        assertEquals(UID.ExplicitVRLittleEndian, read.tsuid());
        byte[] before = pixels(in);
        byte[] after = pixels(out);
        assertOnlyBlanked(before, after, 2, f.width(), r.blanked().get(0), 0);
        byte[] grey = new byte[f.width() * f.height()];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) (((after[2 * i] & 0xff) | (after[2 * i + 1] & 0xff) << 8) / 16);
        }
        assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, grey, f.width(), f.height(), f.words()));
    }

    @Test
    void multiFrameTextIsFoundWhereItChanges() throws Exception {
        // 12 frames: the first six carry one set of words, the last six another (a new patient screen);
        // frames are read every 5th frame and at the scene change.
        List<PlantedText.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            frames.add(PlantedText.frame(640, 480, false, PlantedText.Background.PLAIN, i < 6 ? 400 : 401));
        }
        Path in = PixelFixtures.grey(frames, dir.resolve("cine.dcm"));
        Path out = dir.resolve("cine-clean.dcm");
        PixelCleaner.Result r = PixelFixtures.cleaner(RegionTemplates.NONE, true, 5, dir).clean(in, out);
        assertEquals(12, r.frames());
        assertTrue(r.framesRead() < 12, "read " + r.framesRead() + " of 12 frames");
        byte[] after = pixels(out);
        int n = 640 * 480;
        for (int i = 0; i < 12; i++) {
            PlantedText.Frame f = frames.get(i);
            byte[] frame = java.util.Arrays.copyOfRange(after, i * n, (i + 1) * n);
            assertOnlyBlanked(f.grey(), frame, 1, 640, r.blanked().get(i), 0);
            assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, frame, 640, 480, f.words()), "frame " + i);
        }
    }

    @Test
    void withoutTheLanguageFileNothingIsWrittenAndTheReasonNamesTheObject() throws Exception {
        PlantedText.Frame f = PlantedText.frame(320, 240, false, PlantedText.Background.PLAIN, 500);
        Path in = PixelFixtures.grey(List.of(f), dir.resolve("us.dcm"));
        String uid = VideoFixtures.read(in).ds().getString(Tag.SOPInstanceUID);
        Path missing = dir.resolve("no-models/eng.traineddata");
        PixelCleaner cleaner = new PixelCleaner(new PixelCleaner.Settings(() -> missing, RegionTemplates.NONE, true,
                10, org.dmask.video.VideoSettings.defaults()));
        Path out = dir.resolve("out.dcm");
        PixelCleaningException e = assertThrows(PixelCleaningException.class, () -> cleaner.clean(in, out));
        assertTrue(e.getMessage().contains(uid), e.getMessage());
        assertTrue(e.getMessage().contains("OCR cannot run") && e.getMessage().contains("dmask models install"),
                e.getMessage());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().contains("partial")).count());
        }
    }

    @Test
    void anUndecodableVideoFailsClosed() throws Exception {
        Attributes ds = PixelFixtures.base(UID.VideoEndoscopicImageStorage, 640, 480);
        ds.setString(Tag.NumberOfFrames, org.dmask.dicom.VR.IS, "10");
        org.dmask.dicom.Fragments frags = new org.dmask.dicom.Fragments(org.dmask.dicom.VR.OB);
        frags.add(new byte[0]);
        frags.add(new byte[] {0, 0, 0, 1, 9, 9, 9, 9});
        ds.setValue(Tag.PixelData, org.dmask.dicom.VR.OB, frags);
        Path in = dir.resolve("broken.dcm");
        VideoFixtures.write(ds, UID.MPEG4HP41, in);
        Path out = dir.resolve("broken-clean.dcm");
        PixelCleaningException e = assertThrows(PixelCleaningException.class,
                () -> PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, dir).clean(in, out));
        assertTrue(e.getMessage().contains(ds.getString(Tag.SOPInstanceUID)), e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** The data set's Pixel Data bytes. */
    static byte[] pixels(Path dicom) throws Exception {
        VideoFixtures.Read r = VideoFixtures.read(dicom);
        Object v = r.ds().getValue(Tag.PixelData);
        return v instanceof byte[] b ? b : ((org.dmask.dicom.BulkData) v).toBytes();
    }

    /**
     * Every pixel outside the regions is as before; every pixel inside has all its bytes equal to {@code black}.
     *
     * @param bytesPerPixel bytes of one pixel (interleaved)
     */
    static void assertOnlyBlanked(byte[] before, byte[] after, int bytesPerPixel, int width, List<Region> regions,
            int black) {
        byte[] pixel = new byte[bytesPerPixel];
        java.util.Arrays.fill(pixel, (byte) black);
        assertOnlyBlanked(before, after, width, regions, pixel);
    }

    /** As above, black being the bytes of one pixel ({@code blackPixel.length} bytes a pixel). */
    static void assertOnlyBlanked(byte[] before, byte[] after, int width, List<Region> regions, byte[] blackPixel) {
        int bytesPerPixel = blackPixel.length;
        assertEquals(before.length, after.length);
        int height = before.length / bytesPerPixel / width;
        boolean[] inside = Scoring.mask(regions, width, height);
        int changedOutside = 0;
        int notBlack = 0;
        for (int p = 0; p < inside.length; p++) {
            for (int b = 0; b < bytesPerPixel; b++) {
                int i = p * bytesPerPixel + b;
                if (inside[p]) {
                    notBlack += after[i] != blackPixel[b] ? 1 : 0;
                } else {
                    changedOutside += after[i] != before[i] ? 1 : 0;
                }
            }
        }
        assertEquals(0, changedOutside, "bytes changed outside the blanked regions");
        assertEquals(0, notBlack, "bytes not black inside the blanked regions");
        assertFalse(regions.isEmpty(), "nothing blanked");
    }

    static void assertRecorded(Path out, String method) throws Exception {
        Attributes ds = VideoFixtures.read(out).ds();
        assertEquals("NO", ds.getString(Tag.BurnedInAnnotation));
        Sequence codes = ds.getSequence(Tag.DeidentificationMethodCodeSequence);
        long n = 0;
        for (Attributes item : codes) {
            n += "113101".equals(item.getString(Tag.CodeValue)) && "DCM".equals(item.getString(Tag.CodingSchemeDesignator))
                    && "Clean Pixel Data Option".equals(item.getString(Tag.CodeMeaning)) ? 1 : 0;
        }
        assertEquals(1, n, "113101 once in De-identification Method Code Sequence");
        assertTrue(List.of(ds.getStrings(Tag.DeidentificationMethod)).contains(method),
                List.of(ds.getStrings(Tag.DeidentificationMethod)).toString());
    }
}
