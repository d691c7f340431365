package org.dmask.deid;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;

/**
 * Canary planting, shared by the de-identification canary test and the gateway's end-to-end test. A unique ASCII
 * marker goes into every element that can hold text or a UID, at every depth, private elements and the meta group
 * included, plus a nested sequence of kept, emptied, remapped and private elements; Study Description also carries
 * the patient-name marker. Each marker is recorded with whether the profile should keep it, worked out here from the
 * Annex E table independently of the engine's own policy code: removed or replaced for X, Z, D, U and the compound
 * actions; kept for K and C (a marker is no identifier, so cleaning leaves it); for what the table does not list,
 * the rule of {@link UnlistedAttributePolicy} restated: text and UIDs kept only when its safe list says keep (or
 * device, under Retain Device Identity), or text inside content the table cleans (C); sequences kept with their items
 * judged alike. {@link #problems} then searches a result's bytes.
 *
 * <p>One instance plants any number of data sets; markers stay unique across them. {@link Shared} makes top-level
 * elements of several data sets carry the same marker (patient and study level of a study, series level of a series)
 * so that a planted study keeps its structure.
 */
public final class Canaries {

    private static final Set<VR> TEXT_OR_UID = EnumSet.of(VR.AE, VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC, VR.UT,
            VR.UR, VR.UI);
    private static final String PRIVATE_CREATOR = "DMASK CANARY";

    /** A planted marker, where it is, and whether the profile should keep it. */
    public record Canary(String marker, String where, boolean kept) {
    }

    /**
     * Top-level elements whose marker is shared by every data set planted with this scope (or a scope within it):
     * e.g. patient and study attributes across a study, then Series Instance UID within a series.
     */
    public static final class Shared {
        private final Shared outer;
        private final Set<Integer> tags;
        private final Map<Integer, String> markers = new HashMap<>();

        public Shared(Set<Integer> tags) {
            this(null, tags);
        }

        private Shared(Shared outer, Set<Integer> tags) {
            this.outer = outer;
            this.tags = Set.copyOf(tags);
        }

        /** A narrower scope (a series in a study): its own tags shared within it, the outer ones as before. */
        public Shared within(Set<Integer> narrower) {
            return new Shared(this, narrower);
        }

        /** The scope that shares {@code tag} (this one or an outer one), null when none does. */
        private Shared scopeOf(int tag) {
            return tags.contains(tag) ? this : outer == null ? null : outer.scopeOf(tag);
        }
    }

    private final Profile base;
    private final Set<Integer> untouched;
    private final List<Canary> canaries = new ArrayList<>();
    private final Set<Profile.SafePrivate> safe = new HashSet<>();
    private int n;

    public Canaries(Profile profile) {
        this(profile, Set.of());
    }

    /**
     * @param untouched top-level elements left as they are (e.g. SOP Class UID, for data sets that must still be
     *                  stored and routed as what they are)
     */
    public Canaries(Profile profile, Set<Integer> untouched) {
        this.base = profile;
        this.untouched = Set.copyOf(untouched);
    }

    /** The profile to de-identify with: the given one, plus the private elements declared safe while planting. */
    public Profile profile() {
        return base.has(Option.RETAIN_SAFE_PRIVATE)
                ? new Profile(base.name(), base.options(), Map.of(), safe) : base;
    }

    public List<Canary> canaries() {
        return List.copyOf(canaries);
    }

    /** A new marker: {@code 9.9.9.9.NNNNNN} for a UID, {@code QZNNNNNNQZ} for text. */
    public String next(VR vr) {
        n++;
        return vr == VR.UI ? String.format("9.9.9.9.%06d", n) : String.format("QZ%06dQZ", n);
    }

    /**
     * Plants markers into a data set and its file meta information (created when null; the returned meta is the one
     * to write): adds the nested sequence, marks every text or UID element, puts the name marker into Study
     * Description and a marker into Source Application Entity Title. With {@link Option#RETAIN_SAFE_PRIVATE}, the
     * first element of each private block is declared safe (see {@link #profile()}).
     */
    public Attributes plant(Attributes fmi, Attributes ds, TransferSyntax ts, Shared shared) {
        addNestedSequence(ds);
        if (base.has(Option.RETAIN_SAFE_PRIVATE)) {
            collectSafe(ds, safe);
        }
        String nameMarker = plant(ds, "", true, false, false, shared);
        if (nameMarker != null) {
            String desc = next(VR.LO);
            ds.setString(Tag.StudyDescription, VR.LO, desc + " " + nameMarker);
            canaries.add(new Canary(desc, "(0008,1030) StudyDescription",
                    expectKept(Tag.StudyDescription, VR.LO, null, false)));
        }
        if (fmi == null) {
            fmi = DicomOutputStream.createFileMetaInformation(ds.getString(Tag.SOPClassUID),
                    ds.getString(Tag.SOPInstanceUID), ts.uid());
        }
        String aeMarker = next(VR.AE);
        fmi.setString(Tag.SourceApplicationEntityTitle, VR.AE, aeMarker);
        canaries.add(new Canary(aeMarker, "meta (0002,0016)", false));
        return fmi;
    }

    /** Plants into every element below {@code attrs}; returns the top-level Patient Name marker, if any. */
    private String plant(Attributes attrs, String path, boolean parentKept, boolean parentEmptied, boolean cleaning,
            Shared shared) {
        String nameMarker = null;
        for (int tag : attrs.tags()) {
            VR vr = attrs.getVR(tag);
            Object value = attrs.getValue(tag);
            String where = path + Tags.toString(tag);
            boolean priv = Tags.isPrivate(tag);
            if ((priv && Tags.isPrivateCreator(tag))
                    || (path.isEmpty() && (tag == Tag.StudyDescription || untouched.contains(tag)))) {
                continue;
            }
            String creator = priv ? attrs.privateCreatorOf(tag) : null;
            boolean kept = parentKept && !parentEmptied && expectKept(tag, vr, creator, cleaning);
            if (value instanceof Sequence seq) {
                boolean emptied = !priv && isEmptiedSequence(tag);
                boolean cleans = !priv && cleansItems(tag, cleaning);
                for (int i = 0; i < seq.size(); i++) {
                    plant(seq.get(i), where + "[" + i + "]", kept, emptied, cleans, null);
                }
                continue;
            }
            if (!(value instanceof byte[])) {
                continue;
            }
            VR dictVR = priv ? VR.UN : ElementDictionary.vrOf(tag);
            if (priv && (vr == VR.UN || vr == VR.OB || TEXT_OR_UID.contains(vr))) {
                String m = next(VR.LO);
                if (vr == VR.UN || vr == VR.OB) {
                    attrs.setBytes(tag, vr, m.getBytes(StandardCharsets.US_ASCII));
                } else {
                    attrs.setString(tag, vr, m);
                }
                canaries.add(new Canary(m, where + " private " + creator, kept));
            } else if (!priv && (TEXT_OR_UID.contains(vr) || (vr == VR.UN && TEXT_OR_UID.contains(dictVR)))) {
                VR as = vr == VR.UN ? dictVR : vr;
                Shared scope = shared == null || !path.isEmpty() ? null : shared.scopeOf(tag);
                String m = scope == null ? null : scope.markers.get(tag);
                boolean fresh = m == null;
                if (fresh) {
                    m = next(as);
                    if (scope != null) {
                        scope.markers.put(tag, m);
                    }
                }
                if (vr == VR.UN) {
                    attrs.setBytes(tag, VR.UN, m.getBytes(StandardCharsets.US_ASCII));
                } else {
                    attrs.setString(tag, vr, m);
                }
                if (tag == Tag.PatientName && path.isEmpty()) {
                    nameMarker = m;
                }
                if (fresh) {
                    canaries.add(new Canary(m, where + " " + ElementDictionary.keywordOf(tag), kept));
                }
            }
        }
        return nameMarker;
    }

    /** Whether the Annex E table (with this profile's options) keeps an element's content. */
    boolean expectKept(int tag, VR vr, String creator, boolean cleaning) {
        if (Tags.isPrivate(tag)) {
            return base.has(Option.RETAIN_SAFE_PRIVATE) && creator != null
                    && safe.contains(new Profile.SafePrivate(creator, tag & 0xFF));
        }
        if (tag == Tag.PatientID || tag == Tag.PatientName || tag == Tag.DeidentificationMethod) {
            return false; // pseudonyms; the method is rewritten
        }
        if (ElementPolicy.isCurveOrOverlay(tag) && !base.has(Option.CLEAN_GRAPHICS)) {
            return false;
        }
        ActionTable.Row row = ActionTable.standard().row(tag);
        if (row == null) {
            if (ElementPolicy.isCurveOrOverlay(tag)) {
                return true; // Clean Graphics: unlisted overlay elements are cleaned
            }
            if (ElementDictionary.keywordOf(tag).isEmpty()) {
                return false;
            }
            VR as = vr == VR.UN ? ElementDictionary.vrOf(tag) : vr;
            if (as == VR.SQ) {
                return true;
            }
            UnlistedAttributePolicy.Kind k = UnlistedAttributePolicy.kind(tag);
            if (k == UnlistedAttributePolicy.Kind.KEEP || (k == UnlistedAttributePolicy.Kind.DEVICE
                    && base.has(Option.RETAIN_DEVICE_IDENTITY))) {
                return true;
            }
            return cleaning && as != VR.UI; // text inside cleaned content is cleaned, else emptied or dummied
        }
        Action a = row.resolve(base.options());
        if (a == Action.K || a == Action.C) {
            return true;
        }
        // Sequences that the table lets through with their items de-identified.
        return vr == VR.SQ && (a == Action.U || a == Action.X_Z_U || a == Action.D || a == Action.X_D
                || a == Action.X_Z_D || a == Action.Z_D);
    }

    /**
     * Whether the items of a sequence are de-identified as cleaned content: the table says C for it (or it is an
     * overlay element under Clean Graphics), or it lies in cleaned content already.
     */
    private boolean cleansItems(int tag, boolean cleaning) {
        ActionTable.Row row = ActionTable.standard().row(tag);
        if (row == null) {
            return cleaning || ElementPolicy.isCurveOrOverlay(tag);
        }
        Action a = row.resolve(base.options());
        return cleaning || a == Action.C;
    }

    private boolean isEmptiedSequence(int tag) {
        ActionTable.Row row = ActionTable.standard().row(tag);
        if (row == null) {
            return false;
        }
        Action a = row.resolve(base.options());
        return a == Action.X || a == Action.Z || a == Action.X_Z;
    }

    /**
     * What is wrong in a result's bytes: a marker of an element the profile removes or replaces that remains
     * ("leaked"), and, when {@code checkKept}, a marker of a kept element that is missing ("lost").
     */
    public List<String> problems(String bytes, boolean checkKept) {
        return problems(canaries, bytes, checkKept);
    }

    /** {@link #problems(String, boolean)} for some of the canaries (e.g. those of one data set). */
    public static List<String> problems(List<Canary> canaries, String bytes, boolean checkKept) {
        List<String> problems = new ArrayList<>();
        for (Canary c : canaries) {
            boolean present = bytes.contains(c.marker());
            if (present && !c.kept()) {
                problems.add("leaked: " + c.where() + " " + c.marker());
            } else if (!present && c.kept() && checkKept) {
                problems.add("lost (should be kept): " + c.where() + " " + c.marker());
            }
        }
        return problems;
    }

    /**
     * Anatomic Region Sequence (kept) > item > Anatomic Region Modifier Sequence (kept) > item holding a code, a name
     * (emptied), a study UID (remapped) and a private block; also a Referenced Image Sequence with UIDs.
     */
    private static void addNestedSequence(Attributes ds) {
        Attributes region = ds.newSequence(Tag.AnatomicRegionSequence, 1).addItem();
        region.setString(Tag.CodeValue, VR.SH, "T-D0050");
        region.setString(Tag.CodingSchemeDesignator, VR.SH, "SRT");
        region.setString(Tag.CodeMeaning, VR.LO, "Tissue");
        Attributes modifier = region.newSequence(Tag.AnatomicRegionModifierSequence, 1).addItem();
        modifier.setString(Tag.CodeValue, VR.SH, "G-A101");
        modifier.setString(Tag.CodingSchemeDesignator, VR.SH, "SRT");
        modifier.setString(Tag.CodeMeaning, VR.LO, "Left");
        modifier.setString(Tag.ReferringPhysicianName, VR.PN, "Doe^John");
        modifier.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3.4");
        modifier.setString(0x00310010, VR.LO, PRIVATE_CREATOR);
        modifier.setString(0x00311001, VR.LO, "secret");
        modifier.setString(0x00311002, VR.SH, "secret");
        Attributes ref = ds.newSequence(Tag.ReferencedImageSequence, 1).addItem();
        ref.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4.5");
    }

    private static void collectSafe(Attributes attrs, Set<Profile.SafePrivate> safe) {
        Set<Integer> seenBlocks = new HashSet<>();
        for (int tag : attrs.tags()) {
            Object v = attrs.getValue(tag);
            if (v instanceof Sequence seq) {
                for (Attributes item : seq) {
                    collectSafe(item, safe);
                }
            }
            if (Tags.isPrivate(tag) && !Tags.isPrivateCreator(tag)) {
                String creator = attrs.privateCreatorOf(tag);
                if (creator != null && seenBlocks.add(Tags.privateCreatorOf(tag))) {
                    safe.add(new Profile.SafePrivate(creator.strip(), tag & 0xFF));
                }
            }
        }
    }

    /** The transfer syntax of a Part 10 file. */
    public static TransferSyntax transferSyntaxOf(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            return in.transferSyntax();
        }
    }

    /**
     * The whole byte stream of a Part 10 file as it would be read, as ISO-8859-1 text (one char per byte): the file
     * itself, or for a deflated transfer syntax the preamble and meta group followed by the inflated data set.
     */
    public static String plainText(Path file) throws IOException {
        return new String(plainBytes(file), StandardCharsets.ISO_8859_1);
    }

    /** See {@link #plainText}. */
    public static byte[] plainBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (!transferSyntaxOf(file).deflated()) {
            return all;
        }
        int metaEnd = 144 + ByteBuffer.wrap(all, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream(all.length * 4);
        out.write(all, 0, metaEnd);
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(all, metaEnd, all.length - metaEnd),
                new Inflater(true))) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }
}
