package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Option;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.TransferSyntax;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * dciodvfy on every de-identified dev file: no error that the original did not already have. Run for the Basic
 * Profile and for a profile with every retain and clean option (Modified Dates), so that emptied, dummied, shifted
 * and kept values are all judged by the IOD validator.
 */
@PeerTest
class DeidValidityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String KEY = "dmask-test-key-0123456789abcdef";

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicNode> noNewDciodvfyErrors() throws IOException {
        Peers.require("dciodvfy", "dicom3tools");
        List<Profile> profiles = List.of(Profile.basic(), Profile.of("all-options", Option.RETAIN_SAFE_PRIVATE,
                Option.RETAIN_UIDS, Option.RETAIN_DEVICE_IDENTITY, Option.RETAIN_INSTITUTION_IDENTITY,
                Option.RETAIN_PATIENT_CHARACTERISTICS, Option.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                Option.CLEAN_DESCRIPTORS, Option.CLEAN_STRUCTURED_CONTENT, Option.CLEAN_GRAPHICS));
        List<Path> files = CorpusRoundTripTest.devFiles();
        return profiles.stream().map(p -> DynamicContainer.dynamicContainer(p.name(), files.stream().map(f ->
                DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, p)))));
    }

    private void check(Path file, Profile profile) throws IOException {
        Path out = tmp.resolve(file.getFileName() + "." + profile.name() + ".dcm");
        new Deidentifier(profile, new Pseudonymizer(KEY)).deidentifyFile(file, out);
        try {
            Set<String> before = normalised(baseline(file));
            Set<String> introduced = normalised(CorpusRoundTripTest.dciodvfyErrors(out));
            introduced.removeAll(before);
            if (!introduced.isEmpty()) {
                fail(file.getFileName() + " [" + profile.name() + "]: dciodvfy errors after de-identification that "
                        + "the original does not have:\n  " + String.join("\n  ", introduced)
                        + "\noriginal's errors:\n  " + String.join("\n  ", before));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Messages with their UID values taken out: the same complaint about a remapped UID is no new error. */
    private static Set<String> normalised(Set<String> errors) {
        Set<String> out = new TreeSet<>();
        for (String e : errors) {
            out.add(e.replaceAll("\\b\\d+(\\.\\d+)+\\b", "<uid>"));
        }
        return out;
    }

    /** The original's errors; for a deflated file dciodvfy cannot read, those of DCMTK's explicit VR rewrite too. */
    private Set<String> baseline(Path file) throws IOException {
        Set<String> errors = CorpusRoundTripTest.dciodvfyErrors(file);
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            ts = in.transferSyntax();
        }
        if (ts.deflated() && errors.stream().anyMatch(e -> e.contains("read failed"))) {
            Path ref = tmp.resolve(file.getFileName() + ".te.dcm");
            Peers.ProcessResult r = Peers.run(TIMEOUT, List.of(Peers.require("dcmconv", "dcmtk").toString(), "+te",
                    file.toString(), ref.toString()));
            assertEquals(0, r.exitCode(), () -> "dcmconv +te failed: " + r);
            errors.addAll(CorpusRoundTripTest.dciodvfyErrors(ref));
            Files.deleteIfExists(ref);
        }
        return errors;
    }
}
