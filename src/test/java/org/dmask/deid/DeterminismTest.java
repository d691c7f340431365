package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study of 40 CT instances, each referencing the previous one (Referenced Image Sequence, and a Source Image
 * Sequence nested in a Derivation item), de-identified twice in a row and on 8 threads at once: the same UIDs each
 * time, none equal to an original, one study and series, and every reference resolves to an instance of the result.
 */
class DeterminismTest {

    private static final int INSTANCES = 40;

    @TempDir
    Path tmp;

    @Test
    void sameUidsTwiceAndOnEightThreadsAndReferencesResolve() throws Exception {
        Path src = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        List<Path> study = makeStudy(src);
        Deidentifier deid = new Deidentifier(Profile.basic(), new Pseudonymizer(Corpus.TEST_KEY));

        Map<String, List<String>> first = run(deid, study, "a", 1);
        Map<String, List<String>> second = run(deid, study, "b", 1);
        Map<String, List<String>> parallel = run(deid, study, "c", 8);
        assertEquals(first, second, "second run differs");
        assertEquals(first, parallel, "run on 8 threads differs");

        Set<String> instances = new TreeSet<>();
        Set<String> studies = new TreeSet<>();
        Set<String> series = new TreeSet<>();
        for (List<String> uids : first.values()) {
            instances.add(uids.get(0));
            studies.add(uids.get(1));
            series.add(uids.get(2));
        }
        assertEquals(INSTANCES, instances.size(), "instance UIDs not unique");
        assertEquals(1, studies.size());
        assertEquals(1, series.size());
        int refs = 0;
        for (Map.Entry<String, List<String>> e : first.entrySet()) {
            for (String ref : e.getValue().subList(3, e.getValue().size())) {
                assertTrue(instances.contains(ref), e.getKey() + " references " + ref + ", not in the study");
                refs++;
            }
            for (String uid : e.getValue()) {
                assertTrue(uid.startsWith("2.25."), uid);
                assertFalse(uid.startsWith("1.2.826.0.1.3680043.99"), "original UID kept: " + uid);
            }
        }
        assertEquals(2 * (INSTANCES - 1), refs);
    }

    private List<Path> makeStudy(Path src) throws IOException {
        Attributes fmi;
        Attributes ds;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(src)) {
            fmi = in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        String root = "1.2.826.0.1.3680043.99.";
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            String iuid = root + "3." + i;
            ds.setString(Tag.StudyInstanceUID, VR.UI, root + "1");
            ds.setString(Tag.SeriesInstanceUID, VR.UI, root + "2");
            ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
            ds.remove(Tag.ReferencedImageSequence);
            ds.remove(Tag.DerivationCodeSequence);
            ds.remove(Tag.SourceImageSequence);
            if (i > 0) {
                Attributes ref = ds.newSequence(Tag.ReferencedImageSequence, 1).addItem();
                ref.setString(Tag.ReferencedSOPClassUID, VR.UI, ds.getString(Tag.SOPClassUID));
                ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, root + "3." + (i - 1));
                Attributes deriv = ds.newSequence(Tag.DerivationCodeSequence, 1).addItem();
                deriv.setString(Tag.CodeValue, VR.SH, "113072");
                deriv.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
                deriv.setString(Tag.CodeMeaning, VR.LO, "Multiplanar reformatting");
                Attributes source = deriv.newSequence(Tag.SourceImageSequence, 1).addItem();
                source.setString(Tag.ReferencedSOPClassUID, VR.UI, ds.getString(Tag.SOPClassUID));
                source.setString(Tag.ReferencedSOPInstanceUID, VR.UI, root + "3." + (i - 1));
            }
            fmi.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, iuid);
            Path f = tmp.resolve("in-" + i + ".dcm");
            try (OutputStream os = Files.newOutputStream(f); DicomOutputStream out = new DicomOutputStream(os)) {
                out.writeDicomFile(fmi, ds, ts);
            }
            files.add(f);
        }
        return files;
    }

    /** Per input name: SOP Instance, Study, Series UID, then every Referenced SOP Instance UID at any depth. */
    private Map<String, List<String>> run(Deidentifier deid, List<Path> study, String label, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (Path in : study) {
                futures.add(pool.submit(() -> {
                    Path out = tmp.resolve(label + "-" + in.getFileName());
                    deid.deidentifyFile(in, out);
                    Attributes ds;
                    try (DicomInputStream din = new DicomInputStream(out)) {
                        Attributes fmi = din.readFileMetaInformation();
                        ds = din.readDataset();
                        assertEquals(ds.getString(Tag.SOPInstanceUID), fmi.getString(Tag.MediaStorageSOPInstanceUID));
                    }
                    List<String> uids = new ArrayList<>(List.of(ds.getString(Tag.SOPInstanceUID),
                            ds.getString(Tag.StudyInstanceUID), ds.getString(Tag.SeriesInstanceUID)));
                    collectReferences(ds, uids);
                    return uids;
                }));
            }
            Map<String, List<String>> result = new TreeMap<>();
            for (int i = 0; i < study.size(); i++) {
                result.put(study.get(i).getFileName().toString(), futures.get(i).get());
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void collectReferences(Attributes attrs, List<String> out) {
        for (int tag : attrs.tags()) {
            if (attrs.getValue(tag) instanceof Sequence seq) {
                for (Attributes item : seq) {
                    String ref = item.getString(Tag.ReferencedSOPInstanceUID);
                    if (ref != null) {
                        out.add(ref);
                    }
                    collectReferences(item, out);
                }
            }
        }
    }
}
