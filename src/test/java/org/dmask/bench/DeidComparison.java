package org.dmask.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmask.testing.Orthanc;
import org.dmask.deid.ActionTable;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;

/**
 * Side-by-side de-identification of the same files by dmask (Basic Profile), PixelMed's ClinicalTrialsAttributes
 * (basic, no options, as {@link DeidBenchmark} calls it) and Orthanc's {@code /instances/{id}/anonymize} (default
 * body: its newest profile, private tags removed). Every output is parsed with dmask's reader and compared element
 * by element, at the top level and inside sequences, with the original: each tool's action on each element is kept,
 * removed, emptied, replaced or added. The generator writes {@code conformance/deid-comparison.md}; the flattening,
 * classification and the PixelMed call are shared with {@code org.dmask.interop.DeidComparisonTest}.
 *
 * <p>usage: {@code DeidComparison [--no-orthanc] [--out FILE] CORPUS_DIR} (run it with
 * {@code tools/bench/deid-compare.sh}; PixelMed must be on the class path).
 */
public final class DeidComparison {

    /** What a tool did with one element. */
    public enum Act {
        KEPT, KEPT_EMPTY, REMOVED, EMPTIED, REPLACED, ADDED;

        public String label() {
            return this == KEPT_EMPTY ? "kept empty" : name().toLowerCase(Locale.ROOT);
        }

        /** The original value is no longer there. */
        public boolean changes() {
            return this == REMOVED || this == EMPTIED || this == REPLACED;
        }
    }

    /** One element of a flattened data set: its tag, whether it sits in a sequence, and a canonical value. */
    public record Elem(int tag, boolean nested, boolean sequence, String value) {
    }

    public static final String KEY = "dmask-comparison-key-0123456789abcdef";

    private DeidComparison() {
    }

    // ---------------------------------------------------------------- flattening and classification

    /**
     * Element path to element, depth first. The meta group, group lengths, and Pixel Data with whatever follows it
     * at the top level (only Data Set Trailing Padding in the corpus) are left out: each tool rewrites the first,
     * the second carry nothing, PixelMed stops reading at Pixel Data (it cannot parse several compressed transfer
     * syntaxes otherwise), and pixels are the mask's business. A path is the chain of tags
     * and item numbers, e.g. {@code (0008,1140)[0]/(0008,1155)}.
     */
    public static Map<String, Elem> flatten(Attributes ds) throws IOException {
        Map<String, Elem> out = new LinkedHashMap<>();
        flatten(ds, "", false, out);
        return out;
    }

    private static void flatten(Attributes ds, String prefix, boolean nested, Map<String, Elem> out)
            throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            if (Tags.isFileMeta(tag) || Tags.isGroupLength(tag)
                    || !nested && Integer.compareUnsigned(tag, Tag.PixelData) >= 0) {
                continue;
            }
            String path = prefix + Tags.toString(tag);
            Object v = ds.valueAt(i);
            if (v instanceof Sequence s) {
                out.put(path, new Elem(tag, nested, true, "SQ/" + s.size()));
                for (int j = 0; j < s.size(); j++) {
                    flatten(s.get(j), path + "[" + j + "]/", true, out);
                }
            } else {
                out.put(path, new Elem(tag, nested, false, canonical(ds, i)));
            }
        }
    }

    /** The value as text (strings without padding, numbers formatted) or, for bytes, a digest. */
    static String canonical(Attributes ds, int i) throws IOException {
        int tag = ds.tagAt(i);
        VR vr = ds.vrAt(i);
        Object v = ds.valueAt(i);
        if (v instanceof Fragments f) {
            return "fragments/" + f.size();
        }
        byte[] raw = v instanceof byte[] b ? b : v instanceof BulkData bd ? bd.toBytes() : null;
        if (raw == null) {
            return String.valueOf(v);
        }
        if (raw.length == 0) {
            return "";
        }
        String[] strings;
        VR known = Tags.isPrivate(tag) ? null : ElementDictionary.vrOf(tag);
        if (vr == VR.UN && known != null && known != VR.UN && known != VR.SQ) {
            // An unknown VR one tool kept and another resolved: decode by the dictionary's VR.
            Attributes tmp = new Attributes(ds.bigEndian(), 4);
            tmp.setValue(tag, known, raw);
            strings = tmp.getStrings(tag);
        } else {
            strings = ds.getStrings(tag);
        }
        if (strings.length == 0) {
            return "bytes:" + digest(raw);
        }
        String s = String.join("\\", strings);
        return s.replaceAll("[\\\\ ]+$", "");
    }

    private static String digest(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tool's action on one path: null when the element is in neither the original nor the output. */
    public static Act classify(Elem original, Elem output) {
        if (original == null) {
            return output == null ? null : Act.ADDED;
        }
        if (output == null) {
            return Act.REMOVED;
        }
        if (original.value().equals(output.value())) {
            return original.value().isEmpty() || original.value().equals("SQ/0") ? Act.KEPT_EMPTY : Act.KEPT;
        }
        boolean emptyOut = output.sequence() ? output.value().equals("SQ/0") : output.value().isEmpty();
        return emptyOut ? Act.EMPTIED : Act.REPLACED;
    }

    /** The name a row is reported under: the keyword, or a class for private and unknown elements. */
    public static String label(int tag) {
        if (Tags.isPrivate(tag)) {
            return Tags.isPrivateCreator(tag) ? "private creator" : "private data element";
        }
        String k = ElementDictionary.keywordOf(tag);
        return k == null || k.isEmpty() ? "unknown public " + Tags.toString(tag) : k;
    }

    /** The Annex E Basic Profile code for a tag ("-" when the table does not list it). */
    public static String annexE(int tag) {
        ActionTable.Row row = Tags.isPrivate(tag)
                ? (Tags.isPrivateCreator(tag) ? null : ActionTable.standard().privateRow())
                : ActionTable.standard().row(tag);
        return row == null ? "-" : row.basic().code();
    }

    // ---------------------------------------------------------------- the three tools

    /** Parses a Part 10 file or stream, flattens it and frees its spooled values. */
    public static Map<String, Elem> parsePart10(InputStream in) throws IOException {
        try (DicomInputStream din = new DicomInputStream(in, DicomInputStream.Options.defaults())) {
            din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            try {
                return flatten(ds);
            } finally {
                ds.disposeBulkData();
            }
        }
    }

    public static Map<String, Elem> parsePart10(Path file) throws IOException {
        try (DicomInputStream din = new DicomInputStream(file)) {
            din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            try {
                return flatten(ds);
            } finally {
                ds.disposeBulkData();
            }
        }
    }

    /** dmask's {@code deid} on one file (through a file in {@code tmp}, as the command does), flattened. */
    public static Map<String, Elem> dmask(Deidentifier deid, Path file, Path tmp) throws IOException {
        Path out = tmp.resolve(file.getFileName() + ".dmask.dcm");
        try {
            deid.deidentifyFile(file, out);
            return parsePart10(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    public static Deidentifier basicDeidentifier() {
        return new Deidentifier(Profile.basic(), new Pseudonymizer(KEY));
    }

    /**
     * PixelMed by reflection (the jar stays out of the build): read up to Pixel Data, {@code removeUnsafePrivateAttributes},
     * {@code ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(list, HandleUIDs.remap, false x5)} as
     * {@link DeidBenchmark} does, then written without meta group and Pixel Data in Explicit VR Little Endian.
     */
    public static final class Pixelmed {
        private final Class<?> listClass;
        private final Class<?> dinClass;
        private final Object pixelDataTag;
        private final Method read;
        private final Method removePrivate;
        private final Method removeMeta;
        private final Method deidentify;
        private final Method write;

        private Pixelmed(ClassLoader cl) throws ReflectiveOperationException {
            listClass = Class.forName("com.pixelmed.dicom.AttributeList", true, cl);
            dinClass = Class.forName("com.pixelmed.dicom.DicomInputStream", true, cl);
            Class<?> tagClass = Class.forName("com.pixelmed.dicom.AttributeTag", true, cl);
            pixelDataTag = Class.forName("com.pixelmed.dicom.TagFromName", true, cl).getField("PixelData").get(null);
            read = listClass.getMethod("read", dinClass, tagClass);
            removePrivate = listClass.getMethod("removeUnsafePrivateAttributes");
            removeMeta = listClass.getMethod("removeMetaInformationHeaderAttributes");
            write = listClass.getMethod("write", OutputStream.class, String.class, boolean.class, boolean.class);
            deidentify = Class.forName("com.pixelmed.dicom.ClinicalTrialsAttributes", true, cl).getMethod(
                    "removeOrNullIdentifyingAttributes", listClass, int.class, boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class);
        }

        public static Pixelmed load(ClassLoader cl) throws ReflectiveOperationException {
            return new Pixelmed(cl);
        }

        /** The de-identified data set as Explicit VR Little Endian bytes (no meta group, no Pixel Data). */
        public byte[] deidentify(byte[] file) throws Exception {
            Object list = listClass.getConstructor().newInstance();
            Object din = dinClass.getConstructor(InputStream.class).newInstance(new ByteArrayInputStream(file));
            read.invoke(list, din, pixelDataTag); // stops before Pixel Data, as DeidBenchmark does
            removePrivate.invoke(list);
            deidentify.invoke(null, list, 2 /* HandleUIDs.remap */, false, false, false, false, false);
            removeMeta.invoke(list);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write.invoke(list, out, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), false, true);
            return out.toByteArray();
        }

        public Map<String, Elem> deidentifyAndFlatten(Path file) throws Exception {
            byte[] ds = deidentify(Files.readAllBytes(file));
            try (DicomInputStream din = new DicomInputStream(new ByteArrayInputStream(ds),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomInputStream.Options.defaults())) {
                Attributes a = din.readDataset();
                try {
                    return flatten(a);
                } finally {
                    a.disposeBulkData();
                }
            }
        }
    }

    /** Orthanc's own de-identification (its default body): store, anonymize, delete; the anonymized file. */
    static byte[] orthancAnonymize(Orthanc orthanc, byte[] dicom) throws IOException, InterruptedException {
        HttpResponse<byte[]> stored = orthanc.tryPost("/instances", dicom);
        String answer = new String(stored.body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"").matcher(answer);
        if (stored.statusCode() != 200 || !m.find()) {
            throw new IOException("store refused (HTTP " + stored.statusCode() + "): " + firstLine(answer));
        }
        String id = m.group(1);
        try {
            HttpResponse<byte[]> r = orthanc.tryPost("/instances/" + id + "/anonymize", "{}".getBytes());
            if (r.statusCode() != 200) {
                throw new IOException("anonymize refused (HTTP " + r.statusCode() + "): "
                        + firstLine(new String(r.body(), StandardCharsets.UTF_8)));
            }
            return r.body();
        } finally {
            orthanc.delete("/instances/" + id);
        }
    }

    private static String firstLine(String s) {
        Matcher m = Pattern.compile("\"Message\"\\s*:\\s*\"([^\"]*)\"").matcher(s);
        if (m.find()) {
            return m.group(1);
        }
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 160 ? t.substring(0, 160) + "..." : t;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---------------------------------------------------------------- the generator

    static final String[] TOOLS = {"dmask", "PixelMed", "Orthanc"};

    /** Row key: attribute label, tag shown, where, and the three actions ("-" when absent, "failed" when no output). */
    record RowKey(String label, String tag, boolean nested, boolean sequence, List<String> acts) {
    }

    public static void main(String[] args) throws Exception {
        boolean withOrthanc = true;
        Path corpus = null;
        Path outFile = Path.of("conformance/deid-comparison.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-orthanc" -> withOrthanc = false;
                case "--out" -> outFile = Path.of(args[++i]);
                default -> corpus = Path.of(args[i]);
            }
        }
        if (corpus == null || !Files.isDirectory(corpus)) {
            System.err.println("usage: DeidComparison [--no-orthanc] [--out FILE] CORPUS_DIR");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Deidentifier deid = basicDeidentifier();
        Pixelmed pixelmed = Pixelmed.load(DeidComparison.class.getClassLoader());
        Path tmp = Files.createTempDirectory("dmask-deid-compare-");

        Map<RowKey, Set<String>> rows = new TreeMap<>(Comparator.comparing(RowKey::label)
                .thenComparing(RowKey::nested).thenComparing(k -> String.join("/", k.acts())));
        Map<RowKey, int[]> occurrences = new LinkedHashMap<>();
        List<Map<Act, Integer>> totals = List.of(new EnumMap<>(Act.class), new EnumMap<>(Act.class),
                new EnumMap<>(Act.class));
        List<Map<String, String>> failures = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        String orthancVersion = "not run";
        Orthanc orthanc = null;
        try {
            if (withOrthanc) {
                orthanc = Orthanc.start(Files.createDirectories(tmp.resolve("orthanc")), "DMASKDEID",
                        Map.of("DicomServerEnabled", false, "SaveJobs", false, "StorageCompression", false));
                orthancVersion = orthanc.version();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                Map<String, Elem> orig = parsePart10(f);
                List<Map<String, Elem>> outs = new ArrayList<>();
                try {
                    outs.add(dmask(deid, f, tmp));
                } catch (Exception e) {
                    failures.get(0).put(name, e.toString());
                    outs.add(null);
                }
                try {
                    outs.add(pixelmed.deidentifyAndFlatten(f));
                } catch (Exception e) {
                    Throwable c = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                    failures.get(1).put(name, String.valueOf(c));
                    outs.add(null);
                }
                if (orthanc != null) {
                    try {
                        outs.add(parsePart10(new ByteArrayInputStream(orthancAnonymize(orthanc, Files.readAllBytes(f)))));
                    } catch (IOException e) {
                        failures.get(2).put(name, e.getMessage());
                        outs.add(null);
                    }
                } else {
                    outs.add(null);
                    failures.get(2).put(name, "Orthanc not run (--no-orthanc)");
                }
                Set<String> paths = new LinkedHashSet<>(orig.keySet());
                for (Map<String, Elem> o : outs) {
                    if (o != null) {
                        paths.addAll(o.keySet());
                    }
                }
                for (String path : paths) {
                    Elem o = orig.get(path);
                    List<String> acts = new ArrayList<>();
                    Elem any = o;
                    for (int t = 0; t < 3; t++) {
                        Map<String, Elem> out = outs.get(t);
                        if (out == null) {
                            acts.add("failed");
                            continue;
                        }
                        Elem n = out.get(path);
                        any = any != null ? any : n;
                        Act a = classify(o, n);
                        acts.add(a == null ? "-" : a.label());
                        if (a != null) {
                            totals.get(t).merge(a, 1, Integer::sum);
                        }
                    }
                    String tagShown = Tags.isPrivate(any.tag()) ? (Tags.isPrivateCreator(any.tag())
                            ? "(odd,0010-00FF)" : "(odd,xxxx)") : Tags.toString(any.tag());
                    RowKey k = new RowKey(label(any.tag()), tagShown, any.nested(), any.sequence(), acts);
                    rows.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(name);
                    occurrences.computeIfAbsent(k, x -> new int[1])[0]++;
                }
                System.out.println("compared " + name);
            }
        } finally {
            if (orthanc != null) {
                orthanc.close();
            }
            deleteTree(tmp);
        }
        String md = report(files.size(), corpus, orthancVersion, rows, occurrences, totals, failures);
        Files.writeString(outFile, md);
        System.out.println("wrote " + outFile);
    }

    // ---------------------------------------------------------------- the report

    /** Explanations, by attribute label (and "label@nested" where the context matters); else "not investigated". */
    static final Map<String, String> WHY = new LinkedHashMap<>();

    static String why(RowKey k) {
        String where = k.label() + (k.nested() ? "@nested" : "@top");
        String w = WHY.get(where + "@" + String.join("/", k.acts()));
        if (w == null) {
            w = WHY.get(where);
        }
        if (w == null) {
            w = WHY.get(k.label());
        }
        if (w == null && !k.acts().isEmpty() && k.tag().startsWith("(") && !k.tag().startsWith("(odd")) {
            int tag = Integer.parseUnsignedInt(k.tag().substring(1, 5) + k.tag().substring(6, 10), 16);
            if (annexE(tag).equals("-")) {
                w = switch (k.acts().get(0)) {
                    case "emptied" -> "not in Table E.1-1: dmask empties unlisted text that `safe-unlisted.txt` "
                            + "does not keep (UnlistedAttributePolicy)";
                    case "replaced" -> "not in Table E.1-1: dmask remaps an unlisted UID, or gives a dummy to "
                            + "required text (`safe-unlisted.txt`: dummy, device) (UnlistedAttributePolicy)";
                    case "removed" -> "not in Table E.1-1: dmask removes it (a retired text attribute, or inside a "
                            + "sequence left with codes only) (UnlistedAttributePolicy)";
                    default -> null;
                };
            }
        }
        return w == null ? "not investigated" : w;
    }

    private static final Set<String> CHANGED = Set.of("removed", "emptied", "replaced");

    static String report(int fileCount, Path corpus, String orthancVersion, Map<RowKey, Set<String>> rows,
            Map<RowKey, int[]> occurrences, List<Map<Act, Integer>> totals, List<Map<String, String>> failures) {
        StringBuilder b = new StringBuilder();
        b.append("# De-identification side by side: dmask, PixelMed, Orthanc\n\n");
        b.append("Generated by `tools/bench/deid-compare.sh` (`org.dmask.bench.DeidComparison` in `src/test/java`) on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd")))
                .append(" over the ").append(fileCount).append(" files of `").append("../shared/dicom-corpus/")
                .append(corpus.getFileName()).append("`. Do not edit the tables by hand: change `WHY` in the "
                        + "generator and rerun.\n\n");
        b.append("""
                Tools, each in its plain Basic-profile configuration:

                - **dmask**: `Profile.basic()` (PS3.15 Table E.1-1 of the standard in `../shared/dicom-standard`, no \
                options), written with `Deidentifier.deidentifyFile` as `dmask deid --profile basic` does.
                - **PixelMed** (Debian libpixelmed-java, `/usr/share/java/pixelmed.jar`): \
                `AttributeList.removeUnsafePrivateAttributes()` then \
                `ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(list, HandleUIDs.remap, false, false, false, \
                false, false)` (no descriptors, patient characteristics, device or institution identity kept), as in \
                `DeidBenchmark`.
                - **Orthanc** %s (Debian package): the file `POST`ed to `/instances`, then \
                `POST /instances/{id}/anonymize` with body `{}`: its newest profile (2021b in 1.10), private tags \
                removed, new Patient ID/Name and UIDs.

                Every output is parsed with `org.dmask.dicom.DicomInputStream` and compared with the original \
                element by element, at the top level and in every sequence item (by path: tag chain and item index). \
                Action per element: **kept** (same value), **removed**, **emptied** (zero length, or a sequence with no \
                items), **replaced** (another value), **added** (not in the original). Values are compared after \
                removing padding, with unknown-VR (UN) values decoded by the dictionary's VR and byte values by \
                digest. Left out: the meta group (0002), group lengths, and Pixel Data with what follows it (PixelMed \
                reads up to Pixel Data, as in `DeidBenchmark`; in the corpus only Data Set Trailing Padding follows). Private elements are \
                reported as one class. Counts are numbers of files; "in SQ" rows are elements inside sequence items. \
                "Annex E" is the Basic Profile code of the current table ("-": not listed).

                """.formatted(orthancVersion));

        b.append("""
                ## Findings (hand-written in the generator; check them against the tables after a rerun)

                - Attributes Table E.1-1 does not list: dmask keeps them only when known to be safe \
                (`UnlistedAttributePolicy`: numbers and codes kept, UIDs remapped, dates per the temporal options, \
                text emptied unless `safe-unlisted.txt` keeps it or gives it a dummy), so it empties unlisted text \
                that PixelMed and Orthanc keep (rows below). Issuer of Accession Number Sequence (0008,0051) and \
                Issuer of Patient ID Qualifiers Sequence (0010,0024), formerly a gap (their Universal Entity ID \
                survived), are now removed by dmask as by PixelMed (Orthanc keeps them).
                - SR content: dmask and PixelMed keep the Content Sequence tree (D on a sequence: items de-identified \
                one by one); dmask replaces unlisted free text (Text Value) with a dummy, PixelMed keeps it, Orthanc \
                empties the whole Content Sequence. Clean Structured Content is the dmask option for keeping it \
                cleaned.
                - PixelMed as called here keeps every date and time (the 7-argument overload passes \
                `HandleDates.keep`) and its safe-listed private attributes; dmask and Orthanc apply Table E.1-1 to \
                dates and remove all private attributes.
                - Compound actions: dmask, not knowing the IOD type, takes the choice valid for every type (X/Z \
                empties, X/D, Z/D, X/Z/D give dummies); PixelMed and Orthanc mostly remove or empty. No original \
                value survives either way.
                - dmask removes 60xx overlays (no Clean Graphics); PixelMed and Orthanc keep them.
                - Orthanc 1.10 refuses 8 corpus files at storage ("Inexistent tag", among them the DICOMDIR; which tag \
                it misses was not investigated) and cannot anonymize the deflated one; PixelMed and dmask handle all \
                58.

                """);
        b.append("## Overall\n\n| tool | files de-identified | failed | kept | kept empty | removed | emptied | replaced "
                + "| added |\n").append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int t = 0; t < 3; t++) {
            Map<Act, Integer> tot = totals.get(t);
            b.append("| ").append(TOOLS[t]).append(" | ").append(fileCount - failures.get(t).size()).append(" | ")
                    .append(failures.get(t).size());
            for (Act a : Act.values()) {
                b.append(" | ").append(tot.getOrDefault(a, 0));
            }
            b.append(" |\n");
        }
        b.append("\nElement counts are occurrences over all files and sequence items.\n\n");
        boolean anyFailure = failures.stream().anyMatch(m -> !m.isEmpty());
        if (anyFailure) {
            b.append("Files a tool could not de-identify (they appear as \"failed\" below):\n\n");
            for (int t = 0; t < 3; t++) {
                for (Map.Entry<String, String> e : failures.get(t).entrySet()) {
                    b.append("- ").append(TOOLS[t]).append(", `").append(e.getKey()).append("`: ")
                            .append(e.getValue().replace("|", "\\|").replace("\n", " ")).append('\n');
                }
            }
            b.append('\n');
        }

        List<RowKey> privacy = new ArrayList<>();
        List<RowKey> stricter = new ArrayList<>();
        List<RowKey> differently = new ArrayList<>();
        List<RowKey> added = new ArrayList<>();
        List<RowKey> sequences = new ArrayList<>();
        for (RowKey k : rows.keySet()) {
            List<String> a = k.acts();
            List<String> present = a.stream().filter(x -> !x.equals("failed")).toList();
            if (present.stream().distinct().count() <= 1) {
                continue; // all agree
            }
            String dm = a.get(0);
            if (k.sequence()) {
                sequences.add(k);
                continue;
            }
            boolean othersChange = CHANGED.contains(a.get(1)) || CHANGED.contains(a.get(2));
            boolean othersKeep = a.get(1).equals("kept") || a.get(2).equals("kept");
            if (dm.equals("kept") && othersChange) {
                privacy.add(k);
            } else if (CHANGED.contains(dm) && othersKeep) {
                stricter.add(k);
            } else if (a.contains("added") || a.contains("-")) {
                added.add(k);
            } else {
                differently.add(k);
            }
        }
        section(b, "dmask keeps what another tool removes, empties or replaces (privacy-relevant)", """
                Every such row is listed (sequences are in their own section below: a kept sequence's items are \
                compared element by element in the other rows). A difference here is where dmask leaks more than a \
                peer, unless the "why" says that the current standard keeps the attribute.""", privacy, rows,
                occurrences);
        section(b, "dmask removes, empties or replaces what another tool keeps", """
                dmask is the stricter one here.""", stricter, rows, occurrences);
        section(b, "All change the value, but differently (remove vs empty vs replace)", """
                No original value survives in any of them; the difference is Type 1/2 handling of the compound \
                actions (X/Z, X/D, Z/D, X/Z/D) or an older table.""", differently, rows, occurrences);
        section(b, "Added elements", """
                What each tool adds: its de-identification marks, and elements the others leave out.""", added,
                rows, occurrences);
        section(b, "Sequences kept, emptied or removed differently", """
                For a sequence, "kept" means the same number of items, whose elements are then de-identified one \
                by one and appear in the rows above; "emptied" is a sequence with no items left, "replaced" one with \
                another number of items.""", sequences, rows, occurrences);
        return b.toString();
    }

    private static void section(StringBuilder b, String title, String intro, List<RowKey> keys,
            Map<RowKey, Set<String>> rows, Map<RowKey, int[]> occurrences) {
        b.append("## ").append(title).append(" (").append(keys.size()).append(" rows)\n\n").append(intro)
                .append("\n\n");
        if (keys.isEmpty()) {
            b.append("None.\n\n");
            return;
        }
        b.append("| attribute | tag | where | Annex E | dmask | PixelMed | Orthanc | files | elements | why |\n")
                .append("|---|---|---|---|---|---|---|---:|---:|---|\n");
        List<RowKey> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparing((RowKey k) -> String.join("/", k.acts())).thenComparing(RowKey::label)
                .thenComparing(RowKey::nested));
        for (RowKey k : sorted) {
            int tag = k.tag().startsWith("(odd") ? 0x00090010 + (k.label().equals("private creator") ? 0 : 0x1000)
                    : Tags.parse(k.tag());
            b.append("| ").append(k.label()).append(" | ").append(k.tag()).append(" | ")
                    .append(k.nested() ? "in SQ" : "top").append(" | ").append(annexE(tag).replace("|", "\\|"));
            for (String a : k.acts()) {
                b.append(" | ").append(a);
            }
            b.append(" | ").append(rows.get(k).size()).append(" | ").append(occurrences.get(k)[0]).append(" | ")
                    .append(why(k)).append(" |\n");
        }
        b.append('\n');
    }

    static {
        // Written after reading the generated tables; what is not here shows as "not investigated".
        WHY.put("StudyDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; dmask and Orthanc apply Z");
        WHY.put("StudyTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; dmask and Orthanc apply Z");
        WHY.put("StructureSetDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`");
        WHY.put("StructureSetTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`");
        WHY.put("AcquisitionDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/Z: dmask empties (valid for Type 2 and 3, ElementPolicy), Orthanc removes");
        WHY.put("AcquisitionTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/Z: dmask empties (valid for Type 2 and 3, ElementPolicy), Orthanc removes");
        WHY.put("AcquisitionDateTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/Z/D: dmask gives a dummy (valid for every type), Orthanc removes");
        WHY.put("ContentDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; Z/D: dmask gives a dummy (valid for Type 1), Orthanc empties");
        WHY.put("ContentTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; Z/D: dmask gives a dummy (valid for Type 1), Orthanc empties");
        WHY.put("SeriesDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/D: dmask dummy, Orthanc removes");
        WHY.put("SeriesTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/D: dmask dummy, Orthanc removes");
        WHY.put("InstanceCreationDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/D: dmask dummy; Orthanc keeps it: not investigated");
        WHY.put("InstanceCreationTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/Z/D: dmask dummy; Orthanc keeps it: not investigated");
        WHY.put("RTPlanDate", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/D: dmask dummy, Orthanc removes");
        WHY.put("RTPlanTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/D: dmask dummy, Orthanc removes");
        WHY.put("ObservationDateTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; X/D: dmask dummy; Orthanc: not investigated");
        WHY.put("Date", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; Orthanc removes it with the SR Content Sequence it empties");
        WHY.put("DateTime", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; Orthanc removes it with the SR Content Sequence it empties");
        WHY.put("Time", "PixelMed keeps dates and times: the 7-argument `removeOrNullIdentifyingAttributes` passes `HandleDates.keep`; Orthanc removes it with the SR Content Sequence it empties");
        WHY.put("TimezoneOffsetFromUTC", "Table E.1-1: X; PixelMed keeps it, probably with the dates (HandleDates.keep): not verified");
        WHY.put("PresentationCreationDate", "X in the table but Type 1 in the Presentation State Identification Module: dmask gives a dummy (ElementPolicy.REQUIRED_THOUGH_X, dciodvfy); PixelMed keeps dates; Orthanc keeps it: not investigated");
        WHY.put("PresentationCreationTime", "X in the table but Type 1 in the Presentation State Identification Module: dmask gives a dummy (ElementPolicy.REQUIRED_THOUGH_X, dciodvfy); PixelMed keeps dates; Orthanc keeps it: not investigated");
        WHY.put("private data element", "PixelMed's `removeUnsafePrivateAttributes` keeps the private attributes on its own safe list; dmask (Basic, no Retain Safe Private) and Orthanc (`KeepPrivateTags` false) remove all");
        WHY.put("private creator", "as for the private data elements of its block");
        WHY.put("PatientID", "Z/D: dmask writes a keyed pseudonym (HMAC) or the site's lookup value, Orthanc a generated ID, PixelMed empties; where the original is empty or absent the tools differ in whether they fill it");
        WHY.put("PatientName", "Z: dmask writes a keyed pseudonym, Orthanc a generated name (it adds one when absent), PixelMed empties");
        WHY.put("InstitutionName", "X/Z/D: without the IOD's type dmask takes the choice valid for every type, a dummy (ElementPolicy); PixelMed and Orthanc remove");
        WHY.put("OperatorsName", "X/Z/D: dmask dummy (valid for every type), the others remove");
        WHY.put("StationName", "X/Z/D: dmask dummy (valid for every type), the others remove");
        WHY.put("DeviceSerialNumber", "X/Z/D: dmask and PixelMed replace, Orthanc removes");
        WHY.put("ProtocolName", "X/D: dmask dummy (valid for Type 1), the others remove");
        WHY.put("RequestedProcedureDescription", "X/Z: dmask empties (valid for Type 2 and 3), the others remove");
        WHY.put("TreatmentMachineName", "X/Z: dmask empties (valid for Type 2 and 3), the others remove");
        WHY.put("TextValue@nested@replaced/kept/removed", "SR TEXT content item: not in Table E.1-1 but required (Type 1C), so dmask gives a dummy (safe-unlisted.txt: dummy); PixelMed keeps it, Orthanc empties the Content Sequence");
        WHY.put("ContrastBolusAgent", "Z/D: dmask dummy (valid for Type 1), PixelMed removes, Orthanc empties");
        WHY.put("RTPlanLabel", "D: dmask dummy; PixelMed removes, Orthanc empties: not investigated");
        WHY.put("ContainerIdentifier", "D: dmask and PixelMed replace; Orthanc empties: not investigated");
        WHY.put("SpecimenIdentifier", "D: dmask and PixelMed replace; Orthanc empties: not investigated");
        WHY.put("StructureSetLabel", "D: dmask and PixelMed replace; Orthanc empties: not investigated");
        WHY.put("ContentCreatorName", "Z/D: dmask and PixelMed replace; Orthanc empties: not investigated");
        WHY.put("ROIName", "Z: dmask and Orthanc empty; PixelMed replaces: not investigated");
        WHY.put("AccessionNumber", "Z, in DICOMDIR records: dmask gives a dummy there (ElementPolicy.inDirectoryRecord keeps the record keys valid), PixelMed empties; Orthanc refuses the DICOMDIR");
        WHY.put("StudyID", "Z, in DICOMDIR records: dmask gives a dummy (Type 1 key there), PixelMed empties; Orthanc refuses the DICOMDIR");
        WHY.put("StudyDescription", "X, in DICOMDIR records: dmask empties (Type 2 key there, ElementPolicy.inDirectoryRecord), PixelMed removes; Orthanc refuses the DICOMDIR");
        WHY.put("PatientName@nested", "in DICOMDIR records: dmask pseudonym, PixelMed empties; Orthanc refuses the DICOMDIR");
        WHY.put("PatientID@nested", "in DICOMDIR records: dmask pseudonym, PixelMed empties; Orthanc refuses the DICOMDIR");
        WHY.put("StudyDate@nested", "in DICOMDIR records (Type 1 key there): dmask dummy; PixelMed keeps dates; Orthanc refuses the DICOMDIR");
        WHY.put("StudyTime@nested", "in DICOMDIR records (Type 1 key there): dmask dummy; PixelMed keeps dates; Orthanc refuses the DICOMDIR");
        WHY.put("VerificationDateTime", "D: dmask keeps the Verifying Observer Sequence and gives dummies inside; PixelMed and Orthanc empty the sequence");
        WHY.put("VerifyingObserverName", "D: dmask keeps the Verifying Observer Sequence and gives dummies inside; PixelMed and Orthanc empty the sequence");
        WHY.put("VerifyingOrganization", "D: dmask keeps the Verifying Observer Sequence and gives dummies inside; PixelMed and Orthanc empty the sequence");
        WHY.put("VerifyingObserverSequence", "D on a sequence: dmask keeps the items and de-identifies each element (names and dates get dummies, see their rows); PixelMed and Orthanc empty it");
        WHY.put("VerifyingObserverIdentificationCodeSequence", "Z: dmask empties it; PixelMed and Orthanc remove it with (or inside) the emptied Verifying Observer Sequence");
        WHY.put("ReferencedSOPInstanceUID", "U: dmask and PixelMed remap; Orthanc removes it with the SR Content Sequence it empties");
        WHY.put("UID", "U: dmask and PixelMed remap; Orthanc removes it with the SR Content Sequence it empties");
        WHY.put("FrameOfReferenceUID", "U: dmask and PixelMed remap; Orthanc keeps it in this file: not investigated");
        WHY.put("InstanceCreatorUID", "U, original empty: dmask keeps the empty value, PixelMed removes, Orthanc fills a new UID");
        WHY.put("ClinicalTrialCoordinatingCenterName", "Z: dmask empties; PixelMed keeps it (it manages clinical trial attributes itself): not investigated");
        WHY.put("ClinicalTrialSeriesID", "X: dmask removes; PixelMed keeps it empty: not investigated");
        WHY.put("AcquisitionContextSequence", "X/Z: dmask empties (valid for Type 2 and 3), Orthanc removes; PixelMed keeps it with its items");
        WHY.put("IssuerOfTheSpecimenIdentifierSequence", "Z: dmask and PixelMed empty; Orthanc removes");
        WHY.put("SpecimenPreparationSequence", "Z: dmask and PixelMed empty; Orthanc removes");
        WHY.put("ReferencedPerformedProcedureStepSequence", "X/Z/D, empty in the original: dmask and PixelMed leave it, Orthanc removes");
        WHY.put("IssuerOfAccessionNumberSequence", "not in Table E.1-1: dmask empties its Universal Entity ID (unlisted text) and removes the sequence, left with the ID type alone (UnlistedAttributePolicy); PixelMed removes it, Orthanc keeps it");
        WHY.put("IssuerOfPatientIDQualifiersSequence", "not in Table E.1-1 (Issuer of Patient ID (0010,0021) is, X): dmask removes it once its Universal Entity ID is emptied (UnlistedAttributePolicy); PixelMed removes it, Orthanc keeps it");
        WHY.put("UniversalEntityID", "inside Issuer of Accession Number / Issuer of Patient ID Qualifiers Sequence, which Table E.1-1 does not list: dmask and PixelMed remove the sequences, Orthanc keeps the issuer URI");
        WHY.put("UniversalEntityIDType", "inside the same two issuer sequences (see Universal Entity ID)");
        WHY.put("ContentSequence", "D on the SR Content Sequence: dmask (like PixelMed) keeps the content tree and de-identifies each item; dmask gives unlisted Text Value a dummy (UnlistedAttributePolicy), PixelMed keeps it; Orthanc empties the sequence");
        WHY.put("DeidentificationMethodCodeSequence", "dmask and PixelMed add it (CID 7050); Orthanc 1.10 writes only Patient Identity Removed and De-identification Method");
        WHY.put("LongitudinalTemporalInformationModified", "dmask marks (0028,0303) (MarkDeidentified); the others do not");
        WHY.put("ImageFrameOrigin", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("NumberOfFramesInOverlay", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayBitPosition", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayBitsAllocated", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayColumns", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayData", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayDescription", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayOrigin", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayRows", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("OverlayType", "60xx overlay: dmask removes overlays unless Clean Graphics is selected (ElementPolicy); PixelMed and Orthanc keep them: not investigated");
        WHY.put("CodeMeaning@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("CodeValue@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("CodingSchemeDesignator@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("CodingSchemeUID@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ContinuityOfContent@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("GraphicData@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("GraphicType@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("NumericValue@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ReferencedContentItemIdentifier@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ReferencedFrameNumber@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ReferencedSOPClassUID@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ReferencedTimeOffsets@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ReferencedWaveformChannels@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("RelationshipType@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("TemporalRangeType@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("TextValue@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ValueType@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ConceptCodeSequence@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ConceptNameCodeSequence@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("MeasuredValueSequence@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("MeasurementUnitsCodeSequence@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ReferencedSOPSequence@nested@kept/kept/removed", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("ContentSequence@nested", "SR content item inside the Content Sequence that Orthanc empties; dmask and PixelMed keep the item (not listed in Table E.1-1)");
        WHY.put("CodeMeaning@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("CodeValue@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("CodingSchemeDesignator@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("CodingSchemeVersion@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("ValueType@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("ConceptCodeSequence@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("ConceptNameCodeSequence@nested@removed/kept/removed", "code item of the Acquisition Context Sequence (X/Z), which dmask empties and Orthanc removes; PixelMed keeps it");
        WHY.put("CodeMeaning@nested@-/added/-", "PixelMed's De-identification Method Code Sequence has more items than dmask's one (113100 Basic Profile): not investigated which codes");
        WHY.put("CodeMeaning@nested@-/added/failed", "PixelMed's De-identification Method Code Sequence has more items than dmask's one (113100 Basic Profile): not investigated which codes");
        WHY.put("CodeMeaning@nested@added/added/-", "the code items of the De-identification Method Code Sequence both add");
        WHY.put("CodeMeaning@nested@added/added/failed", "the code items of the De-identification Method Code Sequence both add");
        WHY.put("CodeValue@nested@-/added/-", "PixelMed's De-identification Method Code Sequence has more items than dmask's one (113100 Basic Profile): not investigated which codes");
        WHY.put("CodeValue@nested@-/added/failed", "PixelMed's De-identification Method Code Sequence has more items than dmask's one (113100 Basic Profile): not investigated which codes");
        WHY.put("CodeValue@nested@added/added/-", "the code items of the De-identification Method Code Sequence both add");
        WHY.put("CodeValue@nested@added/added/failed", "the code items of the De-identification Method Code Sequence both add");
        WHY.put("CodingSchemeDesignator@nested@-/added/-", "PixelMed's De-identification Method Code Sequence has more items than dmask's one (113100 Basic Profile): not investigated which codes");
        WHY.put("CodingSchemeDesignator@nested@-/added/failed", "PixelMed's De-identification Method Code Sequence has more items than dmask's one (113100 Basic Profile): not investigated which codes");
        WHY.put("CodingSchemeDesignator@nested@added/added/-", "the code items of the De-identification Method Code Sequence both add");
        WHY.put("CodingSchemeDesignator@nested@added/added/failed", "the code items of the De-identification Method Code Sequence both add");
        WHY.put("PatientName@top@-/-/added", "the original has no Patient Name; Orthanc adds its generated one");
        WHY.put("LongitudinalTemporalInformationModified", "dmask marks (0028,0303) (MarkDeidentified); the others do not");
    }

    static boolean sameValue(Elem a, Elem b) {
        return a != null && b != null && Objects.equals(a.value(), b.value());
    }
}
