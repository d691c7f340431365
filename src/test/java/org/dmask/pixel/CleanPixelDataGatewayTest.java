package org.dmask.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.route.spool.Arrival;
import org.dmask.route.GatewayHarness;
import org.dmask.route.delivery.GatewayMeter;
import org.dmask.route.rules.RuleException;
import org.dmask.route.rules.RuleParser;
import org.dmask.video.VideoFixtures;
import org.dmask.video.VideoSettings;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean Pixel Data through the gateway (without Quarkus): the profile option ({@code basic-clean-pixels}) and the
 * rule fields ({@code clean-pixel-data}, {@code allow-uncleaned-pixels}) reach the object; a cleaned object arrives
 * with its text gone and its record saying so; when OCR cannot run, the object goes to dead letters with a reason
 * naming it, unless its rule allows uncleaned pixels, in which case it arrives as it was (Burned In Annotation and
 * method codes unchanged).
 */
@SlowTest
@Timeout(300)
class CleanPixelDataGatewayTest {

    static final String RULES = """
            mode: first-match
            targets:
              a: archive:%s
              b: archive:%s
            rules:
              - name: ultrasound
                priority: 10
                match: {modality: US}
                deid: basic-clean-pixels
                targets: [a]
              - name: endoscopy
                priority: 20
                match: {modality: ES}
                deid: basic
                clean-pixel-data: true
                allow-uncleaned-pixels: true
                targets: [b]
            """;

    @TempDir
    Path tmp;

    @Test
    void theProfileOptionCleansTheObjectOnItsWay() throws Exception {
        PlantedText.Frame f = PlantedText.frame(640, 480, false, PlantedText.Background.PLAIN, 800);
        Path us = PixelFixtures.grey(List.of(f), tmp.resolve("us.dcm"));
        PixelCleaner cleaner = PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, tmp);
        try (GatewayHarness h = start(cleaner)) {
            assertEquals(1, route(h, us));
            await(() -> h.gateway.store().pending() == 0);
            List<Path> got = files(tmp.resolve("a"));
            assertEquals(1, got.size(), got.toString());
            Attributes ds = VideoFixtures.read(got.get(0)).ds();
            assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
            PixelCleanerTest.assertRecorded(got.get(0), "DMASK CLEAN PIXEL DATA OCR");
            try (TextDetector ocr = new TextDetector(PixelFixtures.traineddata())) {
                assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, PixelCleanerTest.pixels(got.get(0)), 640, 480,
                        f.words()));
            }
            assertTrue(Files.readString(tmp.resolve("gw/audit.jsonl")).contains("clean pixel data: DMASK CLEAN PIXEL"
                    + " DATA OCR"));
        }
    }

    @Test
    void whenOcrCannotRunTheObjectDeadLettersUnlessItsRuleAllowsUncleanedPixels() throws Exception {
        PlantedText.Frame f = PlantedText.frame(320, 240, false, PlantedText.Background.PLAIN, 801);
        Path us = PixelFixtures.grey(List.of(f), tmp.resolve("us.dcm"));
        Path es = PixelFixtures.colour(PlantedText.frame(320, 240, true, PlantedText.Background.PLAIN, 802),
                tmp.resolve("es.dcm"));
        Path missing = tmp.resolve("no-models").resolve("eng.traineddata");
        PixelCleaner cleaner = new PixelCleaner(new PixelCleaner.Settings(() -> missing, RegionTemplates.NONE, true,
                10, VideoSettings.defaults()));
        try (GatewayHarness h = start(cleaner)) {
            assertEquals(1, route(h, us));
            assertEquals(1, route(h, es));
            await(() -> h.gateway.store().pending() == 0);

            assertEquals(List.of(), files(tmp.resolve("a")), "the ultrasound image is not sent uncleaned");
            List<Path> dead = files(h.gateway.store().deadLetterDirectory());
            Path reasons = dead.stream().filter(p -> p.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
            String text = Files.readString(reasons);
            assertTrue(text.startsWith("reason: cannot clean the pixel data of object "), text);
            assertTrue(text.contains("(Ultrasound Image Storage): OCR cannot run: no Tesseract language file"), text);
            assertTrue(text.contains("rule: ultrasound"), text);

            List<Path> sent = files(tmp.resolve("b"));
            assertEquals(1, sent.size(), "the endoscopy image is sent uncleaned, as its rule allows");
            Attributes ds = VideoFixtures.read(sent.get(0)).ds();
            assertEquals("YES", ds.getString(Tag.BurnedInAnnotation), "nothing claims the text is gone");
            Sequence codes = ds.getSequence(Tag.DeidentificationMethodCodeSequence);
            assertFalse(codes.stream().anyMatch(i -> "113101".equals(i.getString(Tag.CodeValue))));
            assertTrue(Files.readString(tmp.resolve("gw/audit.jsonl")).contains("sent uncleaned"));
        }
    }

    /**
     * A video on a {@code mask: face} rule with {@code clean-pixel-data} gets both, the cleaning first: the masker is
     * handed the cleaned video (its text gone, its record saying so). The masker here records what it was given and
     * passes it on; the real mask keeps the record and adds its own code ({@code MarkDeidentified}).
     */
    @Test
    void aMaskedVideoIsCleanedBeforeTheMaskReadsIt() throws Exception {
        List<PlantedText.Frame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            frames.add(PlantedText.frame(640, 480, true, PlantedText.Background.PLAIN, 803));
        }
        Path video = PixelFixtures.video(frames, tmp.resolve("video.dcm"), tmp);
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                targets:
                  a: archive:%s
                rules:
                  - name: video
                    deid: basic
                    mask: face
                    clean-pixel-data: true
                    targets: [a]
                """.formatted(tmp.resolve("a")));
        List<Path> given = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.dmask.mask.VideoMasker recorder = (in, out, mode) -> {
            Path copy = tmp.resolve("mask-input-" + given.size() + ".dcm");
            Files.copy(in, copy);
            given.add(copy);
            Files.copy(in, out);
        };
        Path work = tmp.resolve("gw");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), recorder, PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, tmp),
                GatewayMeter.NONE)) {
            assertEquals(1, route(h, video));
            await(() -> h.gateway.store().pending() == 0);
        }
        assertEquals(1, given.size(), "masked once");
        PixelCleanerTest.assertRecorded(given.get(0), "DMASK CLEAN PIXEL DATA OCR");
        VideoFixtures.Read read = VideoFixtures.read(given.get(0));
        try (TextDetector ocr = new TextDetector(PixelFixtures.traineddata());
                org.dmask.video.FrameSource src = org.dmask.video.FrameSources.open(read.ds(), read.tsuid())) {
            org.dmask.video.VideoFrame frame = src.newFrame();
            int n = 0;
            while (src.read(frame)) {
                assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, PixelCleaner.grey(frame), 640, 480,
                        frames.get(n).words()), "frame " + n + " as the mask reads it");
                n++;
            }
            assertEquals(12, n);
        }
        assertEquals(1, files(tmp.resolve("a")).size());
    }

    @Test
    void theRuleFieldsAreChecked() {
        RuleParser parser = new RuleParser(Set.of("basic"));
        String bad = RULES.replace("deid: basic-clean-pixels", "deid: basic").replace("clean-pixel-data: true",
                "clean-pixel-data: yes please");
        RuleException e = org.junit.jupiter.api.Assertions.assertThrows(RuleException.class,
                () -> parser.parse("rules.yaml", bad.formatted("/a", "/b")));
        assertEquals("rules.yaml:15: rule 'endoscopy': field 'clean-pixel-data': 'yes please' (expected true or"
                + " false)", e.getMessage());
        var rules = parser.parse("rules.yaml", RULES.replace("deid: basic-clean-pixels", "deid: basic")
                .formatted("/a", "/b")).rules();
        assertEquals(null, rules.get(0).cleanPixelData(), "absent: as the profile says");
        assertEquals(Boolean.TRUE, rules.get(1).cleanPixelData());
        assertTrue(rules.get(1).allowUncleanedPixels());
        assertFalse(rules.get(0).allowUncleanedPixels());
    }

    private GatewayHarness start(PixelCleaner cleaner) throws Exception {
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, RULES.formatted(tmp.resolve("a"), tmp.resolve("b")));
        Path work = tmp.resolve("gw");
        return GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null), work.resolve("audit.jsonl"), null,
                cleaner, GatewayMeter.NONE);
    }

    private static int route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        return h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", "127.0.0.1", "test")).size();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not done in 120 s");
            }
            Thread.sleep(50);
        }
    }
}
