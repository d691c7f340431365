package org.dmask.cli;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
@SlowTest
class DeidCommandTest {

    @Test
    void deidentifiesADirectoryByANamedProfile(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in/sub");
        Files.createDirectories(in);
        for (String f : new String[] {"pydicom__CT_small.dcm", "pydicom__chrH31.dcm", "pydicom__test-SR.dcm"}) {
            Files.copy(Peers.shared("dicom-corpus/dev/" + f), in.resolve(f));
        }
        Path out = tmp.resolve("out");
        LaunchResult r = launcher.launch("deid", "--profile", "research", tmp.resolve("in").toString(), out.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("de-identified 3 files with profile research"), r.getOutput());
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(3, s.filter(Files::isRegularFile).count());
        }
        try (DicomInputStream din = new DicomInputStream(out.resolve("sub/pydicom__chrH31.dcm"))) {
            din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
            assertEquals("MODIFIED", ds.getString(Tag.LongitudinalTemporalInformationModified));
            assertTrue(ds.getString(Tag.PatientName).startsWith("ANON^"), ds.getString(Tag.PatientName));
        }
    }

    @Test
    void singleFileAndErrors(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("one.dcm");
        LaunchResult ok = launcher.launch("deid", "--profile", "basic",
                Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm").toString(), out.toString());
        assertEquals(0, ok.exitCode(), ok.getErrorOutput());
        assertTrue(Files.size(out) > 1000);

        LaunchResult unknown = launcher.launch("deid", "--profile", "nope", out.toString(), tmp.resolve("x").toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.getErrorOutput().contains("unknown profile 'nope'"), unknown.getErrorOutput());

        LaunchResult usage = launcher.launch("deid", out.toString());
        assertEquals(2, usage.exitCode());
        assertTrue(usage.getErrorOutput().startsWith("dmask deid: Missing required"), usage.getErrorOutput());
        assertTrue(usage.getErrorOutput().contains("Usage: dmask deid"), usage.getErrorOutput());

        Path text = Files.writeString(tmp.resolve("notes.txt"), "not DICOM");
        LaunchResult bad = launcher.launch("deid", "--profile", "basic", text.toString(), tmp.resolve("y").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.getErrorOutput().contains("not valid DICOM"), bad.getErrorOutput());
        assertTrue(Files.notExists(tmp.resolve("y")), "no partial output");
    }
}
