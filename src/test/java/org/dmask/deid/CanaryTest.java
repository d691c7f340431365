package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.TransferSyntax;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary test. For every file of the dev corpus, a unique ASCII marker is planted ({@link Canaries}) in every
 * element that can hold text or a UID, at every depth, private elements and the meta group included, plus a nested
 * sequence of kept, emptied, remapped and private elements. The file is de-identified and the whole written byte stream (inflated for
 * a deflated transfer syntax) is searched: no marker of an element the profile removes or replaces may remain, and
 * every marker of an element it keeps must. Study Description also carries the patient-name marker: where the
 * description is cleaned, its own marker stays and the name goes. Run for the Basic Profile and each option alone.
 *
 * <p>What the profile should do with each element is worked out here from the Annex E table, independently of the
 * engine's own policy code: removed or replaced for X, Z, D, U and the compound actions; kept for K and C (a
 * marker is no identifier, so cleaning leaves it); kept when the table does not list a dictionary attribute.
 */
class CanaryTest {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicNode> canaries() throws IOException {
        List<Profile> profiles = new ArrayList<>();
        profiles.add(Profile.basic());
        for (Option o : Option.values()) {
            if (o.actsOnTags()) {
                profiles.add(Profile.of(o.configName(), o));
            }
        }
        List<Path> files = Corpus.devFiles();
        return profiles.stream().map(p -> DynamicContainer.dynamicContainer(p.name(), files.stream().map(f ->
                DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, p)))));
    }

    private void check(Path file, Profile base) throws IOException {
        Attributes fmi;
        Attributes ds;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(file)) {
            fmi = in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        Canaries canaries = new Canaries(base);
        fmi = canaries.plant(fmi, ds, ts, null);

        Path planted = tmp.resolve(file.getFileName() + ".planted.dcm");
        try (OutputStream os = Files.newOutputStream(planted); DicomOutputStream out = new DicomOutputStream(os)) {
            out.writeDicomFile(fmi, ds, ts);
        } finally {
            ds.disposeBulkData(); // a deflated file's pixel data is spooled to a temp file
        }
        Path result = tmp.resolve(file.getFileName() + "." + base.name() + ".dcm");
        new Deidentifier(canaries.profile(), new Pseudonymizer(Corpus.TEST_KEY)).deidentifyFile(planted, result);

        List<String> problems = canaries.problems(Canaries.plainText(result), true);
        int count = canaries.canaries().size();
        assertTrue(count > 10, "too few canaries planted: " + count);
        if (!problems.isEmpty()) {
            fail(file.getFileName() + " [" + base.name() + "] " + problems.size() + " of " + count
                    + " canaries wrong:\n  " + String.join("\n  ", problems));
        }
        Files.delete(planted);
        Files.delete(result);
    }
}
