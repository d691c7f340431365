package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.TransferSyntax;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip of every file of {@code dicom-corpus/dev} through our reader and writer, judged by real peers: the
 * normalised dcmdump listing of each rewrite must equal the original's, dcmdump must accept the rewrite, and dciodvfy
 * must find no error in the rewrite that it did not already find in the original.
 */
@PeerTest
class CorpusRoundTripTest {

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    /** Attributes that live only in the file meta group, which our writer fills with its own values. */
    private static final List<String> META_ONLY = List.of(
            "(0x0002,", "ImplementationClassUID", "Implementation Class UID", "ImplementationVersionName",
            "Implementation Version Name", "SourceApplicationEntityTitle", "Source Application Entity Title",
            "MediaStorageSOP", "Media Storage SOP", "TransferSyntaxUID", "Transfer Syntax UID",
            "FileMetaInformation", "File Meta Information");

    @TempDir
    Path tmp;

    private final Map<Path, DcmdumpListing.Listing> originalListings = new ConcurrentHashMap<>();
    private final Map<Path, Set<String>> originalErrors = new ConcurrentHashMap<>();

    static List<Path> devFiles() throws IOException {
        Path dev = Peers.shared("dicom-corpus/dev");
        try (Stream<Path> s = Files.list(dev)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            assertTrue(files.size() > 0, "no files in " + dev);
            return files;
        }
    }

    private record Parsed(Attributes fmi, Attributes ds, TransferSyntax ts) {
    }

    private static Parsed parse(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            return new Parsed(fmi, ds, in.transferSyntax());
        }
    }

    private static TransferSyntax transferSyntaxOf(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            return in.transferSyntax();
        }
    }

    private Path rewrite(Path src, String label, Function<TransferSyntax, TransferSyntax> target, boolean defined)
            throws IOException {
        Parsed p = parse(src);
        TransferSyntax ts = target.apply(p.ts());
        Path dst = Files.createTempFile(tmp, src.getFileName().toString() + "." + label + ".", ".dcm");
        try (OutputStream os = Files.newOutputStream(dst);
                DicomOutputStream out = new DicomOutputStream(os).withDefinedLengths(defined)) {
            out.writeDicomFile(p.fmi(), p.ds(), ts);
        } finally {
            p.ds().disposeBulkData(); // a deflated source's pixel data is spooled to a temp file
        }
        return dst;
    }

    // ---------------------------------------------------------------- tests

    @TestFactory
    Stream<DynamicNode> roundTripOwnAndExplicitLittleEndian() throws IOException {
        return devFiles().stream().map(file -> {
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("own TS, undefined lengths",
                    () -> checkRewrite(file, "own-undef", ts -> ts, false, true)));
            tests.add(DynamicTest.dynamicTest("own TS, defined lengths",
                    () -> checkRewrite(file, "own-def", ts -> ts, true, false)));
            tests.add(DynamicTest.dynamicTest("explicit VR little endian (native only)", () -> {
                if (transferSyntaxOf(file).encapsulated()) {
                    return; // encapsulated data sets stay in their own transfer syntax
                }
                checkRewrite(file, "evrle", ts -> TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, true);
            }));
            return DynamicContainer.dynamicContainer(file.getFileName().toString(), tests);
        });
    }

    @TestFactory
    Stream<DynamicNode> roundTripOtherNativeTransferSyntaxes() throws IOException {
        return devFiles().stream().map(file -> {
            List<DynamicNode> tests = new ArrayList<>();
            for (TransferSyntax target : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
                tests.add(DynamicTest.dynamicTest(target.name(), () -> {
                    if (transferSyntaxOf(file).encapsulated()) {
                        return;
                    }
                    checkRewrite(file, target.uid(), ts -> target, false, false);
                }));
            }
            return DynamicContainer.dynamicContainer(file.getFileName().toString(), tests);
        });
    }

    // ---------------------------------------------------------------- checks

    private void checkRewrite(Path file, String label, Function<TransferSyntax, TransferSyntax> target,
            boolean defined, boolean validate) throws IOException {
        Path out = rewrite(file, label, target, defined);
        try {
            DcmdumpListing.Listing expected = originalListing(file);
            TransferSyntax targetTs = target.apply(transferSyntaxOf(file));
            if (!targetTs.explicitVR() && transferSyntaxOf(file).explicitVR()) {
                // In implicit VR dcmdump guesses ambiguous VRs (US/SS "xs", OB/OW, LUT Data "lt") from context, so
                // the reference is DCMTK's own implicit VR rewrite of the original, listed the same way. Both are
                // listed without +U8 (raw value bytes): a +U8 listing of DCMTK's rewrite of a DICOMDIR gains a
                // top-level (0008,0005) ISO_IR 192 that its conversion adds, which is no property of either file.
                expected = dcmtkImplicitReference(file, false);
            }
            DcmdumpListing.Listing actual = DcmdumpListing.of(out, expected.utf8());
            assertEquals(0, actual.result().exitCode(),
                    () -> "dcmdump rejects our rewrite (" + label + "): " + actual.result().stderrUtf8());
            List<String> expectedLines = expected.lines();
            if (!expectedLines.equals(actual.lines())) {
                fail(file.getFileName() + " (" + label + "): dcmdump listing differs after round trip\n"
                        + DcmdumpListing.diff(expectedLines, actual.lines(), 3, 20));
            }
            if (validate) {
                Set<String> before = originalErrors.computeIfAbsent(file, this::baselineErrors);
                Set<String> after = dciodvfyErrors(out);
                Set<String> introduced = new TreeSet<>(after);
                introduced.removeAll(before);
                if (!introduced.isEmpty()) {
                    fail(file.getFileName() + " (" + label + "): dciodvfy errors in our rewrite that the original "
                            + "does not have:\n  " + String.join("\n  ", introduced)
                            + "\noriginal's errors:\n  " + String.join("\n  ", before));
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** dcmconv +ti of the original (DCMTK's implicit VR little endian rewrite), dcmdump-listed. */
    private DcmdumpListing.Listing dcmtkImplicitReference(Path file, boolean utf8) throws IOException {
        Path dcmconv = Peers.require("dcmconv", "dcmtk");
        Path ref = Files.createTempFile(tmp, file.getFileName() + ".dcmconv-ti.", ".dcm");
        try {
            Peers.ProcessResult r = Peers.run(PEER_TIMEOUT,
                    List.of(dcmconv.toString(), "+ti", file.toString(), ref.toString()));
            assertEquals(0, r.exitCode(), () -> "dcmconv +ti failed on the original: " + r);
            return DcmdumpListing.of(ref, utf8);
        } finally {
            Files.deleteIfExists(ref);
        }
    }

    /**
     * The original's dciodvfy errors. dciodvfy cannot read a deflated data set ("Dicom dataset read failed") and then
     * stops early; for such a file the errors of DCMTK's explicit VR rewrite of it (dcmconv +te) are added, so that
     * the IOD errors the original really has are part of the baseline.
     */
    private Set<String> baselineErrors(Path file) {
        Set<String> errors = dciodvfyErrors(file);
        try {
            if (transferSyntaxOf(file).deflated() && errors.stream().anyMatch(e -> e.contains("read failed"))) {
                Path dcmconv = Peers.require("dcmconv", "dcmtk");
                Path ref = Files.createTempFile(tmp, file.getFileName() + ".dcmconv-te.", ".dcm");
                try {
                    Peers.ProcessResult r = Peers.run(PEER_TIMEOUT,
                            List.of(dcmconv.toString(), "+te", file.toString(), ref.toString()));
                    assertEquals(0, r.exitCode(), () -> "dcmconv +te failed on the original: " + r);
                    errors.addAll(dciodvfyErrors(ref));
                } finally {
                    Files.deleteIfExists(ref);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return errors;
    }

    private DcmdumpListing.Listing originalListing(Path file) {
        DcmdumpListing.Listing l = originalListings.computeIfAbsent(file, DcmdumpListing::of);
        assertEquals(0, l.result().exitCode(), () -> "dcmdump rejects the original: " + l.result().stderrUtf8());
        return l;
    }

    /** dciodvfy's error messages (it writes to stderr; both streams are read), without file-meta-only ones. */
    static Set<String> dciodvfyErrors(Path file) {
        Path dciodvfy = Peers.require("dciodvfy", "dicom3tools");
        Peers.ProcessResult r = Peers.run(PEER_TIMEOUT, List.of(dciodvfy.toString(), file.toString()));
        Set<String> errors = new TreeSet<>();
        String all = r.stdoutLatin1() + "\n" + r.stderrLatin1();
        for (String line : all.split("\r?\n")) {
            // Messages are not always on a line of their own: find each "Error - " occurrence.
            int at = line.indexOf("Error");
            if (at < 0 || !line.substring(at).startsWith("Error")) {
                continue;
            }
            if (at > 0 && !line.startsWith("Error")) {
                continue;
            }
            String msg = line.substring(at).replaceFirst("^Error\\s*-\\s*", "").strip();
            if (META_ONLY.stream().anyMatch(msg::contains)) {
                continue;
            }
            errors.add(msg);
        }
        return errors;
    }
}
