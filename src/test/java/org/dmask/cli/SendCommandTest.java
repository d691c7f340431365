package org.dmask.cli;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.StoreScp;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
@SlowTest
class SendCommandTest {

    @Test
    void sendsFilesAndDirectoriesWithAStatusPerInstanceAndASummary(QuarkusMainLauncher launcher, @TempDir Path tmp)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Peers.shared("dicom-corpus/dev/pydicom__MR_small_RLE.dcm"), dir.resolve("a.dcm"));
        Files.writeString(dir.resolve("notes.txt"), "not DICOM");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        try (StoreScp scp = new StoreScp(ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool"))).start()) {
            LaunchResult r = launcher.launch("send", "--host", "127.0.0.1", "--port", Integer.toString(scp.port()),
                    "--aet", "CLI", "--called", "DMASK", ct.toString(), dir.toString());
            assertEquals(1, r.exitCode(), r.getOutput() + r.getErrorOutput());
            String out = r.getOutput();
            assertTrue(out.contains("OK      Success (0000) 1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"), out);
            assertTrue(out.contains("FAILED  - - " + dir.resolve("notes.txt") + " (not sent: cannot read DICOM"), out);
            assertTrue(out.contains("sent 3 file(s) to DMASK@127.0.0.1:" + scp.port()
                    + ": 2 succeeded, 0 with warnings, 1 failed"), out);
            assertEquals(2, scp.spool().directory().toFile().list().length);
        }
    }

    @Test
    void wrongArgumentsAreOneLineUsageErrors(QuarkusMainLauncher launcher) {
        LaunchResult missing = launcher.launch("send", "--host", "127.0.0.1", "x.dcm");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.getErrorOutput().contains("--host, --port and --called are required"),
                missing.getErrorOutput());
        LaunchResult badPort = launcher.launch("send", "--port", "http");
        assertEquals(2, badPort.exitCode());
        assertTrue(badPort.getErrorOutput().startsWith(
                        "dmask send: Invalid value for option '--port': a number from 1 to 65535, not 'http'"),
                badPort.getErrorOutput());
        LaunchResult refused = launcher.launch("send", "--host", "127.0.0.1", "--port", "1", "--called", "X",
                Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm").toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.getOutput().contains("cannot connect to 127.0.0.1:1"), refused.getOutput());
    }
}
