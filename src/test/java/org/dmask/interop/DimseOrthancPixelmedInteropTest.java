package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScp;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.Orthanc;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orthanc (a real PACS) and PixelMed against dmask: our SCU stores the corpus into Orthanc, checked through its REST
 * API; Orthanc stores it back into our SCP through {@code /modalities/dmask/store}; PixelMed's StorageSOPClassSCU
 * stores into our SCP. Received content must list the same as what was sent.
 */
@PeerTest
class DimseOrthancPixelmedInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static StoreScp scp;
    static Orthanc orthanc;

    @BeforeAll
    static void start() throws Exception {
        scp = new StoreScp(ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool"))).start();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("DicomCheckCalledAet", true);
        cfg.put("UnknownSopClassAccepted", true);
        cfg.put("AcceptedTransferSyntaxes", List.of("1.2.840.10008.*"));
        cfg.put("DicomModalities", Map.of("dmask", List.of("DMASK", "127.0.0.1", scp.port())));
        orthanc = Orthanc.start(tmp, "ORTHANC", cfg);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (orthanc != null) {
            orthanc.close();
        }
        if (scp != null) {
            scp.close();
        }
    }

    static JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return JSON.readTree(orthanc.post(path, JSON.writeValueAsBytes(body)));
    }

    @Test
    void dmaskToOrthancAndBackThroughModalitiesStore() throws Exception {
        // Unique instances only: Orthanc, like our spool, keeps one object per SOP Instance UID.
        Map<String, StoreScu.Instance> unique = new LinkedHashMap<>();
        // Orthanc 1.10 is built on DCMTK 3.6.7, and refuses (A700) instances without patient/study/series IDs.
        for (StoreScu.Instance i : DimseTestSupport.dcmtkCorpus()) {
            if (hasPatientStudySeries(i.file())) {
                unique.putIfAbsent(i.iuid(), i);
            }
        }
        assertTrue(unique.size() >= 30, "instances for Orthanc: " + unique.size());
        StoreScu scu = new StoreScu(ScuSettings.of("127.0.0.1", orthanc.dicomPort, "ORTHANC", "DMASK"));
        List<StoreScu.Result> results = scu.store(unique.values().stream().map(StoreScu.Instance::file).toList(),
                r -> { });
        for (StoreScu.Result r : results) {
            assertEquals(Status.SUCCESS, r.status(), r.file() + ": " + r);
        }

        // Orthanc's index holds each instance; its stored file lists as what we sent.
        JsonNode found = post("/tools/find", Map.of("Level", "Instance", "Query", Map.of(), "Expand", true));
        Map<String, String> orthancIdByUid = new HashMap<>();
        for (JsonNode n : found) {
            orthancIdByUid.put(n.get("MainDicomTags").get("SOPInstanceUID").asText(), n.get("ID").asText());
        }
        assertEquals(unique.keySet(), orthancIdByUid.keySet());
        Path downloads = Files.createDirectories(tmp.resolve("from-orthanc"));
        for (StoreScu.Instance i : unique.values()) {
            Path f = downloads.resolve(i.iuid() + ".dcm");
            Files.write(f, orthanc.getBytes("/instances/" + orthancIdByUid.get(i.iuid()) + "/file"));
            DimseDcmtkInteropTest.assertSameContent(i.file(), f);
        }

        // Orthanc -> dmask: every instance into our SCP, identical to Orthanc's copy.
        JsonNode store = post("/modalities/dmask/store", Map.of("Resources", new ArrayList<>(orthancIdByUid.values()),
                "Synchronous", true));
        assertEquals(unique.size(), store.get("InstancesCount").asInt(), store.toString());
        assertEquals(0, store.get("FailedInstancesCount").asInt(), store.toString());
        for (StoreScu.Instance i : unique.values()) {
            Path received = scp.spool().directory().resolve(i.iuid() + ".dcm");
            assertTrue(Files.isRegularFile(received), "Orthanc's store did not arrive: " + i.iuid());
            DimseDcmtkInteropTest.assertSameContent(downloads.resolve(i.iuid() + ".dcm"), received);
        }
        DimseDcmtkInteropTest.assertNoPartFiles(scp.spool().directory());
    }

    private static boolean hasPatientStudySeries(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes ds = in.readDataset();
            try {
                return ds.getString(Tag.PatientID) != null && ds.getString(Tag.StudyInstanceUID) != null
                        && ds.getString(Tag.SeriesInstanceUID) != null;
            } finally {
                ds.disposeBulkData(); // a deflated file's pixel data is spooled to a temp file
            }
        }
    }

    @Test
    void pixelmedStorageScuIntoDmask() throws Exception {
        Path jar = Peers.requireFile(Path.of("/usr/share/java/pixelmed.jar"), "libpixelmed-java");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> names = List.of("pydicom__CT_small.dcm", "pydicom__MR_small_jpeg_ls_lossless.dcm",
                "pydicom__MR_small_RLE.dcm", "constructed__video_photographic_h264_hp41_mp4.dcm",
                "pydicom__waveform_ecg.dcm", "pydicom__chrH31.dcm");
        for (String name : names) {
            Path file = Peers.shared("dicom-corpus/dev/" + name);
            StoreScu.Instance i = StoreScu.probe(file);
            Peers.ProcessResult r = Peers.run(Duration.ofSeconds(60), java, "-cp", jar.toString(),
                    "com.pixelmed.network.StorageSOPClassSCU", "127.0.0.1", Integer.toString(scp.port()), "DMASK",
                    "PIXELMED", file.toString(), "0");
            assertEquals(0, r.exitCode(), name + ": " + r + r.stdoutUtf8());
            Path received = scp.spool().directory().resolve(i.iuid() + ".dcm");
            assertTrue(Files.isRegularFile(received), name + " did not arrive from PixelMed: " + r.stdoutUtf8()
                    + r.stderrUtf8());
            DimseDcmtkInteropTest.assertSameContent(file, received);
            Files.delete(received);
        }
        // rtplan's meta group names another SOP instance than its data set; PixelMed puts the meta group's UID into
        // the C-STORE-RQ, so our SCP answers A900 and keeps nothing.
        Path rtplan = Peers.shared("dicom-corpus/dev/pydicom__rtplan.dcm");
        Peers.ProcessResult r = Peers.run(Duration.ofSeconds(60), java, "-cp", jar.toString(),
                "com.pixelmed.network.StorageSOPClassSCU", "127.0.0.1", Integer.toString(scp.port()), "DMASK",
                "PIXELMED", rtplan.toString(), "0");
        assertEquals(0, r.exitCode(), r.toString());
        try (var files = Files.list(scp.spool().directory())) {
            assertEquals(List.of(), files.filter(f -> f.toString().contains("20030903150023")).toList());
        }
    }
}
