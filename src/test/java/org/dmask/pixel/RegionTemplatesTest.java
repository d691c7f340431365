package org.dmask.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmask.dicom.UID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region templates: a matching template blanks exactly its rectangles (every pixel inside black, every pixel outside
 * unchanged), a template for another device (model, station, size) blanks nothing, and a bad template file is
 * refused with its line.
 */
class RegionTemplatesTest {

    static final String YAML = """
            templates:
              - name: acme-sono
                manufacturer: ACME MEDICAL
                model: SONO 3000
                sop-class: 1.2.840.10008.5.1.4.1.1.6.1
                rows: 480
                columns: 640
                regions:
                  - {x: 0, y: 0, width: 640, height: 40}
                  - {x: 500, y: 440, width: 140, height: 40}
              - name: acme-sono-room2
                manufacturer: ACME MEDICAL
                model: SONO 3000
                sop-class: 1.2.840.10008.5.1.4.1.1.6.1
                rows: 480
                columns: 640
                station: ROOM2
                regions:
                  - {x: 10, y: 200, width: 30, height: 30}
              - name: other-model
                manufacturer: ACME MEDICAL
                model: SONO 9000
                sop-class: 1.2.840.10008.5.1.4.1.1.6.1
                rows: 480
                columns: 640
                regions:
                  - {x: 100, y: 100, width: 50, height: 50}
            """;

    @TempDir
    Path dir;

    @Test
    void aMatchingTemplateBlanksExactlyItsRectangles() throws Exception {
        RegionTemplates templates = RegionTemplates.parse("test.yaml", YAML);
        PlantedText.Frame f = PlantedText.frame(640, 480, false, PlantedText.Background.TEXTURED, 700);
        Path in = PixelFixtures.grey(List.of(f), dir.resolve("us.dcm"));
        Path out = dir.resolve("us-clean.dcm");
        // OCR off: what is blanked is the template's alone
        PixelCleaner.Result r = PixelFixtures.cleaner(templates, false, 10, dir).clean(in, out);
        assertEquals(List.of("acme-sono"), r.templates(), "no station template, no other model's");
        byte[] before = f.grey();
        byte[] after = PixelCleanerTest.pixels(out);
        Region top = new Region(0, 0, 640, 40);
        Region corner = new Region(500, 440, 140, 40);
        long blackInside = 0;
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                int i = y * 640 + x;
                if (top.contains(x, y) || corner.contains(x, y)) {
                    assertEquals(0, after[i], "inside at " + x + "," + y);
                    blackInside++;
                } else {
                    assertEquals(before[i], after[i], "outside at " + x + "," + y);
                }
            }
        }
        assertEquals(640 * 40 + 140 * 40, blackInside);
        assertEquals(640 * 40 + 140 * 40, r.pixelsBlanked());
        assertTrue(before[5 * 640 + 5] != 0 || before[20 * 640 + 320] != 0, "the test image had content there");
        PixelCleanerTest.assertRecorded(out, "DMASK CLEAN PIXEL DATA TEMPLATES");
    }

    @Test
    void theStationNarrowsATemplate() throws Exception {
        RegionTemplates templates = RegionTemplates.parse("test.yaml", YAML);
        var ds = PixelFixtures.base(UID.UltrasoundImageStorage, 640, 480);
        assertEquals(List.of("acme-sono"), templates.matching(ds).stream().map(RegionTemplates.Template::name).toList());
        ds.setString(org.dmask.dicom.Tag.StationName, org.dmask.dicom.VR.SH, "ROOM2");
        assertEquals(List.of("acme-sono", "acme-sono-room2"),
                templates.matching(ds).stream().map(RegionTemplates.Template::name).toList());
        ds.setInt(org.dmask.dicom.Tag.Rows, org.dmask.dicom.VR.US, 600);
        assertTrue(templates.matching(ds).isEmpty(), "another size is another template");
    }

    @Test
    void withOcrOffAndNoTemplateForTheDeviceNothingIsWritten() throws Exception {
        RegionTemplates templates = RegionTemplates.parse("test.yaml", YAML);
        PlantedText.Frame f = PlantedText.frame(320, 240, false, PlantedText.Background.PLAIN, 701);
        Path in = PixelFixtures.grey(List.of(f), dir.resolve("small.dcm"));
        Path out = dir.resolve("small-clean.dcm");
        PixelCleaningException e = assertThrows(PixelCleaningException.class,
                () -> PixelFixtures.cleaner(templates, false, 10, dir).clean(in, out));
        assertTrue(e.getMessage().contains("no region template matches"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBadFileIsRefusedWithItsLine() {
        String outside = YAML.replace("{x: 500, y: 440, width: 140, height: 40}", "{x: 600, y: 440, width: 140, height: 40}");
        var e = assertThrows(RegionTemplates.TemplateException.class, () -> RegionTemplates.parse("t.yaml", outside));
        assertEquals("t.yaml:10: template 'acme-sono': region 140x40 at (600, 440) is not inside the 640x480 image",
                e.getMessage());
        var missing = assertThrows(RegionTemplates.TemplateException.class,
                () -> RegionTemplates.parse("t.yaml", YAML.replace("    model: SONO 9000\n", "")));
        assertTrue(missing.getMessage().startsWith("t.yaml:") && missing.getMessage().contains("needs 'model'"),
                missing.getMessage());
        assertTrue(RegionTemplates.parse("empty.yaml", "").templates().isEmpty());
    }
}
