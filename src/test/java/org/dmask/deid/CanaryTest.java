package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary test. For every file of the dev corpus, a unique ASCII marker is planted in every element that can hold
 * text or a UID, at every depth, private elements and the meta group included, plus a nested sequence of kept,
 * emptied, remapped and private elements. The file is de-identified and the whole written byte stream (inflated for
 * a deflated transfer syntax) is searched: no marker of an element the profile removes or replaces may remain, and
 * every marker of an element it keeps must. Study Description also carries the patient-name marker: where the
 * description is cleaned, its own marker stays and the name goes. Run for the Basic Profile and each option alone.
 *
 * <p>What the profile should do with each element is worked out here from the Annex E table, independently of the
 * engine's own policy code: removed or replaced for X, Z, D, U and the compound actions; kept for K and C (a
 * marker is no identifier, so cleaning leaves it). For an attribute the table does not list, the rule of
 * {@link UnlistedAttributePolicy} restated: text and UIDs are kept only when its safe list says keep (or device, under
 * Retain Device Identity; the list itself is read from the policy, it is data), or text inside content the table
 * cleans (C); otherwise they go (emptied, removed, dummied, or remapped: a planted UID marker is no registered UID);
 * sequences are kept with their items judged alike.
 */
class CanaryTest {

    private static final Set<VR> TEXT_OR_UID = EnumSet.of(VR.AE, VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC, VR.UT,
            VR.UR, VR.UI);
    private static final String PRIVATE_CREATOR = "DMASK CANARY";

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

    /** A planted marker and whether the profile should keep it. */
    record Canary(String marker, String where, boolean kept) {
    }

    private final class Planter {
        final Profile profile;
        final List<Canary> canaries = new ArrayList<>();
        final Set<Profile.SafePrivate> safe = new HashSet<>();
        int n;
        String nameMarker;

        Planter(Profile profile) {
            this.profile = profile;
        }

        String next(VR vr) {
            n++;
            return vr == VR.UI ? String.format("9.9.9.9.%06d", n) : String.format("QZ%06dQZ", n);
        }

        void plant(Attributes attrs, String path, boolean parentKept, boolean parentEmptied, boolean cleaning) {
            for (int tag : attrs.tags()) {
                VR vr = attrs.getVR(tag);
                Object value = attrs.getValue(tag);
                String where = path + Tags.toString(tag);
                boolean priv = Tags.isPrivate(tag);
                if ((priv && Tags.isPrivateCreator(tag)) || (path.isEmpty() && tag == Tag.StudyDescription)) {
                    continue;
                }
                String creator = priv ? attrs.privateCreatorOf(tag) : null;
                boolean kept = parentKept && !parentEmptied && expectKept(tag, vr, creator, cleaning);
                if (value instanceof Sequence seq) {
                    boolean emptied = !priv && isEmptiedSequence(tag);
                    boolean cleans = !priv && cleansItems(tag, cleaning);
                    for (int i = 0; i < seq.size(); i++) {
                        plant(seq.get(i), where + "[" + i + "]", kept, emptied, cleans);
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
                    String m = next(as);
                    if (vr == VR.UN) {
                        attrs.setBytes(tag, VR.UN, m.getBytes(StandardCharsets.US_ASCII));
                    } else {
                        attrs.setString(tag, vr, m);
                    }
                    if (tag == Tag.PatientName && path.isEmpty()) {
                        nameMarker = m;
                    }
                    canaries.add(new Canary(m, where + " " + ElementDictionary.keywordOf(tag), kept));
                }
            }
        }

        /** Whether the Annex E table (with this profile's options) keeps an element's content. */
        boolean expectKept(int tag, VR vr, String creator, boolean cleaning) {
            if (Tags.isPrivate(tag)) {
                return profile.has(Option.RETAIN_SAFE_PRIVATE) && creator != null
                        && safe.contains(new Profile.SafePrivate(creator, tag & 0xFF));
            }
            if (tag == Tag.PatientID || tag == Tag.PatientName || tag == Tag.DeidentificationMethod) {
                return false; // pseudonyms; the method is rewritten
            }
            if (ElementPolicy.isCurveOrOverlay(tag) && !profile.has(Option.CLEAN_GRAPHICS)) {
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
                        && profile.has(Option.RETAIN_DEVICE_IDENTITY))) {
                    return true;
                }
                return cleaning && as != VR.UI; // text inside cleaned content is cleaned, else emptied or dummied
            }
            Action a = row.resolve(profile.options());
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
        boolean cleansItems(int tag, boolean cleaning) {
            ActionTable.Row row = ActionTable.standard().row(tag);
            if (row == null) {
                return cleaning || ElementPolicy.isCurveOrOverlay(tag);
            }
            Action a = row.resolve(profile.options());
            return cleaning || a == Action.C;
        }

        boolean isEmptiedSequence(int tag) {
            ActionTable.Row row = ActionTable.standard().row(tag);
            if (row == null) {
                return false;
            }
            Action a = row.resolve(profile.options());
            return a == Action.X || a == Action.Z || a == Action.X_Z;
        }
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
        addNestedSequence(ds);
        Profile profile = base;
        Planter planter = new Planter(base);
        if (base.has(Option.RETAIN_SAFE_PRIVATE)) {
            // Declare the first element of each private block safe; the rest stay unsafe.
            collectSafe(ds, planter.safe);
            profile = new Profile(base.name(), base.options(), Map.of(), planter.safe);
        }
        planter.plant(ds, "", true, false, false);
        if (planter.nameMarker != null) {
            String desc = planter.next(VR.LO);
            ds.setString(Tag.StudyDescription, VR.LO, desc + " " + planter.nameMarker);
            planter.canaries.add(new Canary(desc, "(0008,1030) StudyDescription",
                    planter.expectKept(Tag.StudyDescription, VR.LO, null, false)));
        }
        if (fmi == null) {
            fmi = DicomOutputStream.createFileMetaInformation(ds.getString(Tag.SOPClassUID),
                    ds.getString(Tag.SOPInstanceUID), ts.uid());
        }
        String aeMarker = planter.next(VR.AE);
        fmi.setString(Tag.SourceApplicationEntityTitle, VR.AE, aeMarker);
        planter.canaries.add(new Canary(aeMarker, "meta (0002,0016)", false));

        Path planted = tmp.resolve(file.getFileName() + ".planted.dcm");
        try (OutputStream os = Files.newOutputStream(planted); DicomOutputStream out = new DicomOutputStream(os)) {
            out.writeDicomFile(fmi, ds, ts);
        }
        Path result = tmp.resolve(file.getFileName() + "." + base.name() + ".dcm");
        new Deidentifier(profile, new Pseudonymizer(Corpus.TEST_KEY)).deidentifyFile(planted, result);

        String bytes = new String(Corpus.plainBytes(result), StandardCharsets.ISO_8859_1);
        List<String> problems = new ArrayList<>();
        for (Canary c : planter.canaries) {
            boolean present = bytes.contains(c.marker());
            if (present && !c.kept()) {
                problems.add("leaked: " + c.where() + " " + c.marker());
            } else if (!present && c.kept()) {
                problems.add("lost (should be kept): " + c.where() + " " + c.marker());
            }
        }
        assertTrue(planter.canaries.size() > 10, "too few canaries planted: " + planter.canaries.size());
        if (!problems.isEmpty()) {
            fail(file.getFileName() + " [" + base.name() + "] " + problems.size() + " of " + planter.canaries.size()
                    + " canaries wrong:\n  " + String.join("\n  ", problems));
        }
        Files.delete(planted);
        Files.delete(result);
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
}
