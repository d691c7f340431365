package org.dmask.cli;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
@SlowTest
class DumpCommandTest {

    @Test
    void listsMetaDataSetSequencesAndDecodedNames(QuarkusMainLauncher launcher) {
        Path file = Peers.shared("dicom-corpus/dev/pydicom__chrH31.dcm");
        LaunchResult r = launcher.launch("dump", file.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        String out = r.getOutput();
        assertTrue(out.contains("# File Meta Information"), out);
        assertTrue(out.contains("(0002,0010) UI [1.2.840.10008.1.2.1] Explicit VR Little Endian"), out);
        assertTrue(out.contains("(0010,0010) PN [Yamada^Tarou=山田^太郎=やまだ^たろう]"), out);
    }

    @Test
    void largeValuesAreShownBySizeNotLoaded(QuarkusMainLauncher launcher) {
        Path file = Peers.shared("dicom-corpus/dev/pydicom-data__MR2_UNCR.dcm");
        LaunchResult r = launcher.launch("dump", file.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().lines().anyMatch(l -> l.startsWith("(7FE0,0010) OW (") && l.contains("bytes at offset")),
                r.getOutput());
    }

    @Test
    void malformedFileGivesOneLineWithOffsetAndTag(QuarkusMainLauncher launcher) {
        Path file = Peers.shared("dicom-corpus/malformed/pydicom__MR_truncated.dcm");
        LaunchResult r = launcher.launch("dump", file.toString());
        assertEquals(1, r.exitCode());
        String err = r.getErrorOutput().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.matches("dmask dump: .*MR_truncated.dcm: not valid DICOM: .* at byte offset \\d+ in \\(7FE0,0010\\)"),
                err);
    }

    @Test
    void missingFileAndBadArgumentsAreOneLineErrors(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        LaunchResult missing = launcher.launch("dump", tmp.resolve("nope.dcm").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.getErrorOutput().strip().endsWith("nope.dcm: no such file"), missing.getErrorOutput());

        LaunchResult none = launcher.launch("dump");
        assertEquals(2, none.exitCode());
        assertTrue(none.getErrorOutput().startsWith("dmask dump: Missing required parameter: 'FILE'"),
                none.getErrorOutput());
        assertTrue(none.getErrorOutput().contains("Usage: dmask dump"), "the generated usage follows");

        LaunchResult option = launcher.launch("dump", "--bogus", "x");
        assertEquals(2, option.exitCode());
        assertTrue(option.getErrorOutput().contains("unknown option '--bogus'"), option.getErrorOutput());

        Path text = Files.writeString(tmp.resolve("notes.txt"), "this is not DICOM at all");
        LaunchResult notDicom = launcher.launch("dump", text.toString());
        assertEquals(1, notDicom.exitCode());
        assertTrue(notDicom.getErrorOutput().contains("not valid DICOM"), notDicom.getErrorOutput());
        assertFalse(notDicom.getErrorOutput().contains("\tat "), notDicom.getErrorOutput());
    }
}
