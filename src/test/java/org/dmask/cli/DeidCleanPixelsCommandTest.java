package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmask deid} with a Clean Pixel Data profile (needs the OCR language file: not in the fast set). */
@SlowTest
@QuarkusMainTest
class DeidCleanPixelsCommandTest {

    /** basic-clean-pixels also cleans the pixels: the record says the text is gone only because cleaning ran. */
    @Test
    void aProfileWithCleanPixelDataCleansThePixels(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        org.dmask.model.install.InstallTestSupport.installedModels(); // the OCR language file in the test model cache
        Path out = tmp.resolve("clean.dcm");
        LaunchResult r = launcher.launch("deid", "--profile", "basic-clean-pixels",
                Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm").toString(), out.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        try (DicomInputStream din = new DicomInputStream(out)) {
            din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            assertEquals("NO", ds.getString(Tag.BurnedInAnnotation));
            assertTrue(ds.getSequence(Tag.DeidentificationMethodCodeSequence).stream()
                    .anyMatch(i -> "113101".equals(i.getString(Tag.CodeValue))));
            assertTrue(java.util.List.of(ds.getStrings(Tag.DeidentificationMethod))
                    .contains("DMASK CLEAN PIXEL DATA OCR"));
        }
        Path plain = tmp.resolve("plain.dcm");
        assertEquals(0, launcher.launch("deid", "--profile", "basic",
                Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm").toString(), plain.toString()).exitCode());
        try (DicomInputStream din = new DicomInputStream(plain)) {
            din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            assertTrue(ds.getSequence(Tag.DeidentificationMethodCodeSequence).stream()
                    .noneMatch(i -> "113101".equals(i.getString(Tag.CodeValue))), "basic does not claim it");
        }
    }

}
