package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A de-identified Deflated Explicit VR Little Endian object has a deflated data set of even length (padded with one
 * zero byte when the stream is odd, PS3.5 A.5): dcmdump reads it without a warning, and storescp takes it streamed as
 * it is in its own transfer syntax (an odd one was refused with "DIMSE: Odd Fragment Length").
 */
@PeerTest
class DeflatedOutputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pydicom__image_dfl.dcm"})
    void deidentifiedDeflatedIsEvenAndAccepted(String name) throws Exception {
        Path source = Peers.shared("dicom-corpus/dev/" + name);
        Path out = tmp.resolve("deid.dcm");
        new Deidentifier(Profile.basic(), new Pseudonymizer("dmask-test-key-0123456789abcdef"))
                .deidentifyFile(source, out);
        String ts;
        try (DicomInputStream in = new DicomInputStream(out)) {
            ts = in.readFileMetaInformation().getString(Tag.TransferSyntaxUID);
        }
        assertEquals(UID.DeflatedExplicitVRLittleEndian, ts, "the output stays deflated");
        long offset = StoreScu.datasetOffset(out);
        long deflatedLength = Files.size(out) - offset;
        assertEquals(0, deflatedLength % 2, "deflated data set of " + deflatedLength + " bytes");

        Peers.ProcessResult dump = Peers.run(TIMEOUT, Peers.require("dcmdump", "dcmtk").toString(), out.toString());
        assertEquals(0, dump.exitCode(), dump.toString());
        assertFalse(dump.stderrUtf8().contains("W:") || dump.stderrUtf8().contains("E:"), dump.stderrUtf8());
        assertTrue(dump.stdoutUtf8().contains("(0012,0062) CS [YES]"), "dcmdump reads the whole data set");

        int port = DimseTestSupport.freePort();
        Path received = Files.createDirectories(tmp.resolve("received"));
        Process storescp = RouteTestSupport.storescp(port, received, tmp.resolve("storescp.log"));
        try {
            List<StoreScu.Result> r = new StoreScu(ScuSettings.of("127.0.0.1", port, "DCMTK", "DMASK"))
                    .store(List.of(out), x -> { });
            assertEquals(Status.SUCCESS, r.get(0).status(), r.get(0) + "\n" + Files.readString(tmp.resolve(
                    "storescp.log")));
        } finally {
            RouteTestSupport.stop(storescp);
        }
        List<Path> got = RouteTestSupport.files(received, ".dcm");
        assertEquals(1, got.size());
        Attributes a = RouteTestSupport.read(got.get(0));
        Attributes b = RouteTestSupport.read(out);
        assertEquals(b.getString(Tag.SOPInstanceUID), a.getString(Tag.SOPInstanceUID));
        assertEquals(b.getString(Tag.PatientID), a.getString(Tag.PatientID));
    }
}
