package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.deid.Canaries;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.route.GatewayHarness;
import org.dmask.testing.Orthanc;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with two Orthancs: a study of images and a video is stored from the first Orthanc (C-STORE,
 * /modalities/dmask/store) through dmask to the second, over DIMSE and over STOW-RS (its DICOMweb plugin). Without a
 * digital mask ({@link org.dmask.mask.pipeline.DigitalMask}) the video arrives masked and de-identified with the images,
 * under new UIDs, with the study structure kept and none of the planted canaries of removed or replaced elements in
 * what the second Orthanc stored. (A video that cannot be masked going to dead letters: RouteDcmtkTest.)
 */
@PeerTest
class RouteOrthancTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Orthanc orthanc(String name, Map<String, Object> extra) throws Exception {
        Map<String, Object> cfg = new java.util.LinkedHashMap<>(Map.of("UnknownSopClassAccepted", true));
        cfg.putAll(extra);
        return Orthanc.start(tmp, name, cfg);
    }

    /** One planted instance of the study sent: its file, its (planted) UIDs, and its canaries. */
    record Planted(Path file, String sopClassUID, String sopInstanceUID, String seriesUID, String frameOfReferenceUID,
            List<Canaries.Canary> canaries) {
    }

    private static final Set<Integer> PATIENT_AND_STUDY = Set.of(Tag.PatientName, Tag.PatientID,
            Tag.IssuerOfPatientID, Tag.OtherPatientNames, Tag.PatientBirthName, Tag.PatientMotherBirthName,
            Tag.StudyInstanceUID, Tag.StudyID, Tag.AccessionNumber, Tag.ReferringPhysicianName, Tag.InstitutionName,
            Tag.InstitutionAddress, Tag.PhysiciansOfRecord, Tag.NameOfPhysiciansReadingStudy);
    private static final Set<Integer> SERIES = Set.of(Tag.SeriesInstanceUID, Tag.FrameOfReferenceUID,
            Tag.SeriesDescription, Tag.PerformingPhysicianName, Tag.OperatorsName, Tag.ProtocolName);

    /**
     * A study of {@code copies} instances per source file, one series per source, canaries planted everywhere
     * (patient and study level shared by all, series level by each series). Every image after the first refers to
     * the first (Source Image Sequence, added after planting), so that references can be checked at the far end.
     */
    private List<Planted> plantStudy(Canaries canaries, Map<Path, Integer> sources) throws IOException {
        Canaries.Shared study = new Canaries.Shared(PATIENT_AND_STUDY);
        List<Planted> out = new ArrayList<>();
        for (Map.Entry<Path, Integer> src : sources.entrySet()) {
            Canaries.Shared series = study.within(SERIES);
            for (int k = 0; k < src.getValue(); k++) {
                Attributes ds;
                TransferSyntax ts;
                try (DicomInputStream in = new DicomInputStream(src.getKey())) {
                    in.readFileMetaInformation();
                    ds = in.readDataset();
                    ts = in.transferSyntax();
                }
                int from = canaries.canaries().size();
                Attributes fmi = canaries.plant(null, ds, ts, series);
                ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(k + 1));
                if (!out.isEmpty()) {
                    Attributes ref = ds.newSequence(Tag.SourceImageSequence, 1).addItem();
                    ref.setString(Tag.ReferencedSOPClassUID, VR.UI, out.get(0).sopClassUID());
                    ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, out.get(0).sopInstanceUID());
                }
                Path f = tmp.resolve("study").resolve(src.getKey().getFileName() + "." + k + ".dcm");
                Files.createDirectories(f.getParent());
                try (OutputStream os = Files.newOutputStream(f); DicomOutputStream dos = new DicomOutputStream(os)) {
                    dos.writeDicomFile(fmi, ds, ts);
                }
                out.add(new Planted(f, ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID),
                        ds.getString(Tag.SeriesInstanceUID), ds.getString(Tag.FrameOfReferenceUID),
                        canaries.canaries().subList(from, canaries.canaries().size())));
            }
        }
        return out;
    }

    /**
     * The end-to-end check. A study (3 CT, 2 MR, the H.264 video; canaries planted in every text and UID
     * element, public, private and nested) goes from Orthanc A by C-STORE through dmask to Orthanc B over DIMSE
     * (CT) and STOW-RS (everything, fan-out), the gateway with the digital mask: the video arrives masked
     * (Recognizable Visual Features NO, CID 7050 113102, its frame count kept) and nothing goes to dead letters.
     * Every file B holds is downloaded and searched: no marker of an element the Basic Profile removes or replaces
     * is there, and every marker of an element it keeps is. B holds one study of three series (3 + 2 + 1) under the
     * keyed 2.25 UIDs of the originals; the references point at the instance B holds; the audit trail has no
     * marker.
     */
    @Test
    void plantedStudyFromOneOrthancThroughDmaskToAnother() throws Exception {
        Path plugins = Peers.requireFile(Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so"),
                "orthanc-dicomweb");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path mr = Peers.shared("dicom-corpus/dev/pydicom__MR_small_padded.dcm");
        Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        // The SOP Class UID stays: the peers and the rules need to know what each instance is.
        Canaries canaries = new Canaries(Profile.basic(), Set.of(Tag.SOPClassUID));
        Map<Path, Integer> sources = new LinkedHashMap<>();
        sources.put(ct, 3);
        sources.put(mr, 2);
        sources.put(video, 1);
        List<Planted> sent = plantStudy(canaries, sources);
        Planted video1 = sent.get(5);
        for (Planted p : sent) { // the search finds what was planted: every marker is in the file sent
            String text = Canaries.plainText(p.file());
            assertTrue(p.canaries().stream().allMatch(c -> text.contains(c.marker())), p.file().toString());
        }
        Pseudonymizer keyed = new Pseudonymizer(GatewayHarness.KEY);

        org.dmask.mask.pipeline.MaskPipeline pipeline = org.dmask.mask.MaskTestSupport.pipeline(0.2);
        Orthanc b = null;
        Orthanc a = null;
        Path work = tmp.resolve("gw");
        try {
            b = orthanc("ORTHANCB", Map.of("Plugins", List.of(plugins.toString()),
                    "DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/")));
            Path rules = tmp.resolve("rules.yaml");
            Files.writeString(rules, """
                    mode: fan-out
                    targets:
                      b-dimse: dicom:ORTHANCB@127.0.0.1:%d
                      b-stow: stow:http://127.0.0.1:%d/dicom-web/studies
                    rules:
                      - name: ct-over-dimse
                        match:
                          sop-class: {regex: "1\\\\.2\\\\.840\\\\.10008\\\\.5\\\\.1\\\\.4\\\\.1\\\\.1\\\\.2"}
                        deid: basic
                        mask: full
                        targets: [b-dimse]
                      - name: everything-over-stow
                        deid: basic
                        mask: full
                        targets: [b-stow]
                    """.formatted(b.dicomPort, b.httpPort));
            try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules,
                    "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool")), work.resolve("audit.jsonl"),
                    (in, o, mode) -> org.dmask.mask.pipeline.DigitalMask.mask(pipeline, in, o, mode))) {
                a = orthanc("ORTHANCA", Map.of("DicomModalities", Map.of("dmask",
                        List.of("DMASK", "127.0.0.1", h.gateway.scp().port()))));
                List<String> ids = new ArrayList<>();
                for (Planted p : sent) {
                    ids.add(JSON.readTree(a.post("/instances", Files.readAllBytes(p.file()))).get("ID").asText());
                }
                assertEquals(1, a.get("/studies").size(), "A holds the planted study as one study");
                a.post("/modalities/dmask/store", JSON.writeValueAsBytes(Map.of("Resources", ids)));
                RouteTestSupport.await(Duration.ofSeconds(90), "all jobs finished",
                        () -> h.gateway.store().pending() == 0);

                // With the mask nothing is a dead letter: the video is masked (once: only the STOW-RS rule takes it).
                assertEquals(List.of(), RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".dcm"),
                        "no dead letters");

                // Every file B holds, downloaded and searched.
                JsonNode held = b.get("/instances?expand");
                Map<String, Attributes> bySop = new LinkedHashMap<>();
                Map<Planted, Attributes> atB = new LinkedHashMap<>();
                StringBuilder all = new StringBuilder();
                List<String> problems = new ArrayList<>();
                for (JsonNode i : held) {
                    Path f = tmp.resolve("from-b-" + i.get("ID").asText() + ".dcm");
                    Files.write(f, b.getBytes("/instances/" + i.get("ID").asText() + "/file"));
                    String text = Canaries.plainText(f);
                    all.append(text);
                    Attributes got = RouteTestSupport.read(f);
                    bySop.put(got.getString(Tag.SOPInstanceUID), got);
                    Planted byUid = sent.stream().filter(p -> keyed.uid(p.sopInstanceUID())
                            .equals(got.getString(Tag.SOPInstanceUID))).findFirst().orElse(null);
                    // The masked video is a new instance (new pixel data): a new UID, not the keyed original's.
                    Planted src = byUid == null && video1.sopClassUID().equals(got.getString(Tag.SOPClassUID))
                            && !atB.containsKey(video1) ? video1 : byUid;
                    if (src != null) {
                        atB.put(src, got);
                    }
                    if (src == null) {
                        problems.add("B holds " + got.getString(Tag.SOPInstanceUID) + ", not the keyed UID of any "
                                + "instance sent");
                        continue;
                    }
                    // Kept markers of this instance arrived with it (the canaries reached B at all).
                    Canaries.problems(src.canaries(), text, true).stream().filter(p -> p.startsWith("lost"))
                            .map(p -> src.file().getFileName() + ": " + p).forEach(problems::add);
                }
                // No marker of a removed or replaced element, of any instance sent, in any file B holds.
                problems.addAll(canaries.problems(all.toString(), false));
                assertTrue(canaries.canaries().size() > 100, "canaries planted: " + canaries.canaries().size());
                assertTrue(problems.isEmpty(), problems.size() + " problem(s) at Orthanc B:\n  "
                        + String.join("\n  ", problems));
                assertEquals(sent.size(), held.size(), "B holds each image and the video once: " + held);

                // The video at B: masked, de-identified, every frame kept.
                Attributes original = RouteTestSupport.read(video1.file());
                Attributes masked = atB.get(video1);
                assertTrue(masked != null, "B holds the video");
                String maskedUid = masked.getString(Tag.SOPInstanceUID);
                assertTrue(maskedUid.startsWith("2.25.") && !maskedUid.equals(video1.sopInstanceUID()), maskedUid);
                assertEquals(original.getString(Tag.SOPClassUID), masked.getString(Tag.SOPClassUID));
                assertEquals("NO", masked.getString(Tag.RecognizableVisualFeatures), "(0028,0302)");
                org.dmask.dicom.Sequence codes = (org.dmask.dicom.Sequence) masked.getValue(
                        Tag.DeidentificationMethodCodeSequence);
                assertTrue(codes != null && codes.stream().anyMatch(i -> "113102".equals(i.getString(Tag.CodeValue))
                        && "DCM".equals(i.getString(Tag.CodingSchemeDesignator))), "CID 7050 113102 in (0012,0064)");
                assertEquals(original.getString(Tag.NumberOfFrames), masked.getString(Tag.NumberOfFrames),
                        "frame count");
                assertTrue(Integer.parseInt(masked.getString(Tag.NumberOfFrames)) > 1, "a video");

                // The structure: one study, three series (3 CT + 2 MR + the video), under the keyed UIDs of the
                // originals.
                String study = keyed.uid(RouteTestSupport.read(sent.get(0).file()).getString(Tag.StudyInstanceUID));
                assertTrue(study.startsWith("2.25."), study);
                JsonNode studies = b.get("/studies?expand");
                assertEquals(1, studies.size(), studies.toString());
                assertEquals(study, studies.get(0).get("MainDicomTags").get("StudyInstanceUID").asText());
                JsonNode series = b.get("/series?expand");
                assertEquals(3, series.size(), series.toString());
                Map<String, Integer> perSeries = new java.util.TreeMap<>();
                for (JsonNode s : series) {
                    perSeries.put(s.get("MainDicomTags").get("SeriesInstanceUID").asText(), s.get("Instances").size());
                }
                assertEquals(new java.util.TreeMap<>(Map.of(keyed.uid(sent.get(0).seriesUID()), 3,
                        keyed.uid(sent.get(3).seriesUID()), 2, keyed.uid(video1.seriesUID()), 1)), perSeries);
                String patient = null;
                for (Planted p : sent) {
                    Attributes got = atB.get(p);
                    assertEquals(study, got.getString(Tag.StudyInstanceUID));
                    assertEquals(keyed.uid(p.seriesUID()), got.getString(Tag.SeriesInstanceUID));
                    if (p.frameOfReferenceUID() != null) {
                        assertEquals(keyed.uid(p.frameOfReferenceUID()), got.getString(Tag.FrameOfReferenceUID));
                    }
                    assertEquals("YES", got.getString(Tag.PatientIdentityRemoved));
                    patient = patient == null ? got.getString(Tag.PatientID) : patient;
                    assertEquals(patient, got.getString(Tag.PatientID), "one pseudonymous patient");
                    if (p != sent.get(0)) {
                        String ref = got.getSequence(Tag.SourceImageSequence).get(0)
                                .getString(Tag.ReferencedSOPInstanceUID);
                        assertTrue(bySop.containsKey(ref), "reference resolves at B: " + ref);
                        assertEquals(keyed.uid(sent.get(0).sopInstanceUID()), ref);
                    }
                }

                // The audit trail names the study by pseudonym only: no marker at all.
                String audit = Files.readString(work.resolve("audit.jsonl"));
                assertTrue(audit.contains(study), "the audit trail names the study by its pseudonym");
                for (Canaries.Canary c : canaries.canaries()) {
                    assertFalse(audit.contains(c.marker()), "audit holds " + c.where());
                }
            }
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }
}
