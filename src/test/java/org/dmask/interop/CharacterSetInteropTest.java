package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.SpecificCharacterSet;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our Specific Character Set decoding against DCMTK's ({@code dcmdump +U8}) for every PN, LO, SH, LT, ST, UT and UC
 * value of the character set files, at top level and inside sequences; and our encoder against our decoder and the
 * peer. Where this DCMTK build cannot convert a character set to UTF-8 (its iconv lacks ISO 2022 IR 87 / JIS X 0208,
 * so chrH31, chrJapMulti and chrSQEncoding are refused), PixelMed's dump is the peer instead.
 */
@PeerTest
class CharacterSetInteropTest {

    private static final Set<VR> TEXT_VRS = Set.of(VR.PN, VR.LO, VR.SH, VR.LT, VR.ST, VR.UT, VR.UC);
    private static final Set<String> TEXT_VR_NAMES = Set.of("PN", "LO", "SH", "LT", "ST", "UT", "UC");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path PIXELMED = Paths.get("/usr/share/java/pixelmed.jar");

    @TempDir
    Path tmp;

    /** One value as a peer showed it: VR and the text between the brackets. */
    record PeerValue(String vr, String text) {
    }

    /** A peer's string values by element path, and which peer it was. */
    record PeerDump(String peer, Map<String, PeerValue> values) {
    }

    // ---------------------------------------------------------------- file selection

    static List<Path> charsetFiles() throws IOException {
        Path dev = Peers.shared("dicom-corpus/dev");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dev)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                if (f.getFileName().toString().startsWith("pydicom__chr") || hasNonAsciiCharset(f)) {
                    out.add(f);
                }
            }
        }
        assertTrue(out.size() >= 11, "expected the pydicom chr* files, found " + out);
        return out;
    }

    private static boolean hasNonAsciiCharset(Path f) throws IOException {
        Attributes ds = read(f);
        try {
            return hasNonAsciiCharset(ds);
        } finally {
            ds.disposeBulkData(); // a deflated file's pixel data is spooled to a temp file
        }
    }

    private static boolean hasNonAsciiCharset(Attributes ds) {
        for (String term : ds.specificCharacterSet().definedTerms()) {
            String t = term.trim().toUpperCase(Locale.ROOT).replace('_', ' ');
            if (!t.isEmpty() && !t.equals("ISO IR 6") && !t.equals("ISO 2022 IR 6")) {
                return true;
            }
        }
        for (int i = 0; i < ds.size(); i++) {
            if (ds.valueAt(i) instanceof Sequence seq) {
                for (Attributes item : seq) {
                    if (hasNonAsciiCharset(item)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Attributes read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }

    private static TransferSyntax transferSyntaxOf(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            return in.transferSyntax();
        }
    }

    // ---------------------------------------------------------------- tests

    @TestFactory
    Stream<DynamicNode> charsetFilesAgainstPeers() throws IOException {
        return charsetFiles().stream().map(file -> DynamicContainer.dynamicContainer(
                file.getFileName().toString(), List.of(
                        DynamicTest.dynamicTest("decode equals peer", () -> decodeEqualsPeer(file)),
                        DynamicTest.dynamicTest("encode round trip", () -> encodeRoundTrip(file)))));
    }

    /** Every text value we decode equals what the peer prints for the same element path. */
    private void decodeEqualsPeer(Path file) throws IOException {
        Attributes ds = read(file);
        Map<String, String[]> ours = new LinkedHashMap<>();
        Map<String, VR> ourVrs = new LinkedHashMap<>();
        collect(ds, "", ours, ourVrs);
        PeerDump peer = peerDump(file);
        List<String> mismatches = new ArrayList<>();
        List<String> heldAsUn = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, PeerValue> e : peer.values().entrySet()) {
            String path = e.getKey();
            String[] our = ours.get(path);
            if (our == null && ourVrs.get(path) == VR.UN) {
                // Kept as UN, as read (the file says UN; the round trip keeps it): no text to decode at our level.
                heldAsUn.add(path);
                continue;
            }
            if (our == null) {
                mismatches.add(path + " " + e.getValue().vr() + ": peer shows [" + e.getValue().text()
                        + "], we have " + (ourVrs.containsKey(path) ? "VR " + ourVrs.get(path) : "no such element"));
                continue;
            }
            compared++;
            String expected = normalise(e.getValue().text(), ourVrs.get(path));
            String actual = normalise(String.join("\\", our), ourVrs.get(path));
            if (!expected.equals(actual)) {
                mismatches.add(path + " " + ourVrs.get(path) + ": " + peer.peer() + " [" + expected + "] vs ours ["
                        + actual + "]");
            }
        }
        System.out.println("[charset] " + file.getFileName() + ": " + compared + " text values compared with "
                + peer.peer() + (heldAsUn.isEmpty() ? "" : "; " + heldAsUn.size()
                        + " elements that the peer reads as text are UN in the file and stay UN here: " + heldAsUn));
        if (!mismatches.isEmpty()) {
            fail(file.getFileName() + ": decoded values differ from " + peer.peer() + ":\n  "
                    + String.join("\n  ", mismatches));
        }
        assertTrue(compared > 0 || !heldAsUn.isEmpty(), "no text values compared");
    }

    /**
     * Re-encodes each PN/LO value with the character set in force there and checks: our decoder reads it back
     * unchanged; for ISO 2022 the bytes equal the original (or differ only in where escape sequences sit, which is
     * reported); and the peer reads the file with all values re-encoded as the same text.
     */
    private void encodeRoundTrip(Path file) throws IOException {
        Attributes ds = read(file);
        List<String> problems = new ArrayList<>();
        List<String> escapeNotes = new ArrayList<>();
        int[] count = {0};
        reencode(ds, "", problems, escapeNotes, count);
        for (String n : escapeNotes) {
            System.out.println("[charset] " + file.getFileName() + ": escape placement differs (reported, not "
                    + "failed): " + n);
        }
        if (!problems.isEmpty()) {
            fail(file.getFileName() + ": re-encoding problems:\n  " + String.join("\n  ", problems));
        }
        // The data set now holds our encodings: the peer must read the same text as from the original.
        Path out = Files.createTempFile(tmp, file.getFileName() + ".reenc.", ".dcm");
        try {
            try (OutputStream os = Files.newOutputStream(out);
                    DicomOutputStream dos = new DicomOutputStream(os)) {
                TransferSyntax ts = transferSyntaxOf(file);
                dos.writeDicomFile(null, ds, ts.encapsulated() ? ts : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
            PeerDump original = peerDump(file);
            PeerDump rewritten = peerDump(out);
            List<String> diffs = new ArrayList<>();
            for (Map.Entry<String, PeerValue> e : original.values().entrySet()) {
                PeerValue after = rewritten.values().get(e.getKey());
                String a = after == null ? "<missing>" : normalise(after.text(), null);
                String b = normalise(e.getValue().text(), null);
                if (!a.equals(b)) {
                    diffs.add(e.getKey() + ": original [" + b + "] vs our encoding [" + a + "] (" + rewritten.peer()
                            + ")");
                }
            }
            if (!diffs.isEmpty()) {
                fail(file.getFileName() + ": peer reads our re-encoded values differently:\n  "
                        + String.join("\n  ", diffs));
            }
        } finally {
            Files.deleteIfExists(out);
        }
        System.out.println("[charset] " + file.getFileName() + ": " + count[0] + " PN/LO values re-encoded");
    }

    private void reencode(Attributes ds, String prefix, List<String> problems, List<String> escapeNotes, int[] count) {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Object v = ds.valueAt(i);
            if (v instanceof Sequence seq) {
                for (int k = 0; k < seq.size(); k++) {
                    reencode(seq.get(k), prefix + key(tag) + "[" + k + "]/", problems, escapeNotes, count);
                }
                continue;
            }
            if ((vr != VR.PN && vr != VR.LO) || !(v instanceof byte[] raw) || raw.length == 0) {
                continue;
            }
            count[0]++;
            String path = prefix + key(tag);
            SpecificCharacterSet cs = ds.specificCharacterSet();
            String[] decoded = ds.getStrings(tag);
            Attributes fresh = new Attributes();
            String[] terms = cs.definedTerms();
            if (terms.length > 0) {
                fresh.setString(Tag.SpecificCharacterSet, VR.CS, terms);
            }
            fresh.setString(tag, vr, decoded);
            String[] again = fresh.getStrings(tag);
            if (!Arrays.equals(decoded, again)) {
                problems.add(path + ": decode(encode(x)) != x: " + Arrays.toString(decoded) + " -> "
                        + Arrays.toString(again));
                continue;
            }
            byte[] ours = fresh.getBytes(tag);
            if (cs.usesCodeExtensions()) {
                byte[] a = stripPadding(raw);
                byte[] b = stripPadding(ours);
                if (!Arrays.equals(a, b)) {
                    if (Arrays.equals(stripEscapes(a), stripEscapes(b))) {
                        escapeNotes.add(path + ": original " + show(a) + " / ours " + show(b));
                    } else {
                        problems.add(path + ": ISO 2022 bytes differ beyond escape placement: original " + show(a)
                                + " / ours " + show(b));
                    }
                }
            }
            ds.setValue(tag, vr, ours);
        }
    }

    // ---------------------------------------------------------------- our side

    private static void collect(Attributes ds, String prefix, Map<String, String[]> out, Map<String, VR> vrs) {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            String path = prefix + key(tag);
            vrs.put(path, vr);
            if (ds.valueAt(i) instanceof Sequence seq) {
                for (int k = 0; k < seq.size(); k++) {
                    collect(seq.get(k), path + "[" + k + "]/", out, vrs);
                }
            } else if (TEXT_VRS.contains(vr)) {
                out.put(path, ds.getStrings(tag));
            }
        }
    }

    private static String key(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    /** Values compared after trimming each (backslash-separated, where the VR has several) value. */
    private static String normalise(String s, VR vr) {
        if (vr == VR.LT || vr == VR.ST || vr == VR.UT) {
            return s.strip();
        }
        String[] parts = s.split("\\\\", -1);
        for (int k = 0; k < parts.length; k++) {
            parts[k] = parts[k].strip();
        }
        String joined = String.join("\\", parts);
        return joined.replaceAll("(\\\\)+$", "").equals("") ? "" : joined;
    }

    private static byte[] stripPadding(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == 0)) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    /** The bytes without ISO 2022 escape sequences (ESC, intermediates 0x20-0x2F, final byte). */
    private static byte[] stripEscapes(byte[] b) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0x1B) {
                i++;
                while (i < b.length && b[i] >= 0x20 && b[i] <= 0x2F) {
                    i++;
                }
                continue; // i is at the final byte
            }
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            sb.append(c == 0x1B ? "<ESC>" : c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("<%02X>", c));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- peers

    private PeerDump peerDump(Path file) {
        Path dcmdump = Peers.require("dcmdump", "dcmtk");
        Peers.ProcessResult r = Peers.run(TIMEOUT, List.of(dcmdump.toString(), "-q", "+U8", "+L", file.toString()));
        if (r.exitCode() == 0) {
            return new PeerDump("dcmdump +U8", parseDcmdump(r.stdoutUtf8()));
        }
        if (!DcmdumpListing.isCharsetFailure(r)) {
            fail("dcmdump fails on " + file + ": " + r);
        }
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Peers.requireFile(PIXELMED, "pixelmed-java");
        Peers.ProcessResult p = Peers.run(TIMEOUT, List.of(java.toString(), "-Dfile.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8", "-cp", PIXELMED.toString(), "com.pixelmed.dicom.AttributeList",
                file.toString()));
        assertEquals(0, p.exitCode(), () -> "PixelMed cannot dump " + file + ": " + p);
        return new PeerDump("PixelMed (dcmdump +U8 cannot convert: " + r.stderrUtf8().strip() + ")",
                parsePixelmed(p.stdoutUtf8() + "\n" + p.stderrUtf8())); // PixelMed dumps to stderr
    }

    private static final Pattern DCMDUMP_LINE = Pattern.compile(
            "^( *)\\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\\) (\\S\\S) (.*?)\\s*#\\s*(?:\\d+|u/l), ?\\d+ [^#]*$");

    /** Element path to value for the text VRs of a dcmdump listing; nesting from indentation and item lines. */
    static Map<String, PeerValue> parseDcmdump(String text) {
        Map<String, PeerValue> out = new LinkedHashMap<>();
        List<String> seqKeys = new ArrayList<>(); // per depth: path prefix of the sequence
        List<Integer> items = new ArrayList<>();
        boolean inData = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("# Dicom-Data-Set")) {
                inData = true;
            }
            Matcher m = DCMDUMP_LINE.matcher(line);
            if (!inData || !m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            String tagKey = "(" + m.group(2).toUpperCase(Locale.ROOT) + "," + m.group(3).toUpperCase(Locale.ROOT)
                    + ")";
            if (tagKey.startsWith("(FFFE,")) {
                int depth = (indent - 2) / 4;
                // Items of encapsulated Pixel Data ("PixelSequence") belong to no SQ and carry no text.
                if (tagKey.equals("(FFFE,E000)") && depth < items.size() && seqKeys.get(depth) != null) {
                    items.set(depth, items.get(depth) + 1);
                }
                continue;
            }
            int depth = indent / 4;
            StringBuilder prefix = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                prefix.append(seqKeys.get(d)).append('[').append(items.get(d)).append("]/");
            }
            String path = prefix + tagKey;
            String vr = m.group(4);
            if (m.group(5).startsWith("(PixelSequence")) {
                while (seqKeys.size() <= depth) {
                    seqKeys.add(null);
                    items.add(-1);
                }
                seqKeys.set(depth, null);
                continue;
            }
            if (vr.equals("SQ") || m.group(5).startsWith("(Sequence")) {
                while (seqKeys.size() <= depth) {
                    seqKeys.add(null);
                    items.add(-1);
                }
                seqKeys.set(depth, tagKey);
                items.set(depth, -1);
                continue;
            }
            if (TEXT_VR_NAMES.contains(vr)) {
                String v = m.group(5);
                String value = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : "";
                out.put(path, new PeerValue(vr, value));
            }
        }
        return out;
    }

    private static final Pattern PIXELMED_LINE = Pattern.compile(
            "^\\(0x([0-9a-fA-F]{4}),0x([0-9a-fA-F]{4})\\) \\S* ?VR=<(\\S\\S)> VL=<0x[0-9a-fA-F]+> ?(.*)$");

    /** Element path to value from PixelMed's AttributeList dump (%seq/%item/%enditem/%endseq mark the nesting). */
    static Map<String, PeerValue> parsePixelmed(String text) {
        Map<String, PeerValue> out = new LinkedHashMap<>();
        List<String> seqKeys = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        String lastSq = null;
        for (String line : text.split("\n")) {
            line = line.stripTrailing();
            if (line.startsWith("%seq")) {
                seqKeys.add(lastSq);
                items.add(-1);
                continue;
            }
            if (line.startsWith("%item")) {
                items.set(items.size() - 1, items.get(items.size() - 1) + 1);
                continue;
            }
            if (line.startsWith("%endseq")) {
                seqKeys.remove(seqKeys.size() - 1);
                items.remove(items.size() - 1);
                continue;
            }
            Matcher m = PIXELMED_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String tagKey = "(" + m.group(1).toUpperCase(Locale.ROOT) + "," + m.group(2).toUpperCase(Locale.ROOT)
                    + ")";
            if (tagKey.startsWith("(0002,")) {
                continue;
            }
            StringBuilder prefix = new StringBuilder();
            for (int d = 0; d < seqKeys.size(); d++) {
                prefix.append(seqKeys.get(d)).append('[').append(items.get(d)).append("]/");
            }
            String vr = m.group(3);
            if (vr.equals("SQ")) {
                lastSq = tagKey;
                continue;
            }
            if (TEXT_VR_NAMES.contains(vr)) {
                String v = m.group(4);
                String value = v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v;
                out.put(prefix + tagKey, new PeerValue(vr, value));
            }
        }
        return out;
    }
}
