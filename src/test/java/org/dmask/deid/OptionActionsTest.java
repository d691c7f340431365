package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.VR;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated from the standard's table, not hand-copied: for each option column of annex-e.txt (and the Basic column),
 * every listed attribute present anywhere in a corpus file (sequences included) is checked against what the table
 * says for it under that option: X gone, Z empty, D a different non-empty value, K unchanged, U the keyed UID, C
 * (dates) shifted by the patient's shift under Modified Dates. Compound actions are checked as the engine documents
 * them (see {@link ElementPolicy}): X/Z empty; X/D, Z/D, X/Z/D a dummy value; X/Z/U* kept with UIDs replaced.
 * Patient ID and Name are checked as pseudonyms.
 */
class OptionActionsTest {

    /** Originals that already equal the dummy value of their VR. */
    private static final List<String> DUMMIES = List.of(DummyValues.TEXT, "000000", "19000101", "19000101000000",
            "0", "000Y");

    @TestFactory
    Stream<DynamicNode> everyListedAttributeInTheCorpus() throws IOException {
        List<Profile> profiles = new ArrayList<>();
        profiles.add(Profile.basic());
        for (Option o : Option.values()) {
            if (o.actsOnTags()) {
                profiles.add(Profile.of(o.configName(), o));
            }
        }
        List<Path> files = Corpus.devFiles();
        return profiles.stream().map(p -> DynamicContainer.dynamicContainer(p.name(), Stream.of(
                DynamicTest.dynamicTest("all listed attributes", () -> checkProfile(p, files)))));
    }

    private void checkProfile(Profile profile, List<Path> files) throws IOException {
        Pseudonymizer pseudonymizer = new Pseudonymizer(Corpus.TEST_KEY);
        Deidentifier deid = new Deidentifier(profile, pseudonymizer);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path f : files) {
            Attributes original = read(f);
            NormaliseUnknownVRs.apply(original); // compare strings as strings, as the engine reads them
            Attributes result = deid.deidentify(read(f));
            try {
                int shift = new DeidContext(profile, pseudonymizer, null, PseudonymListener.NONE, -3650, -365,
                        original).dateShiftDays();
                checked += compare(profile, pseudonymizer, shift, original, result, f.getFileName() + " ", problems);
            } finally {
                // a deflated file's pixel data is spooled to a temp file: delete it, as the gateway does
                original.disposeBulkData();
                result.disposeBulkData();
            }
        }
        assertTrue(checked > 100, "only " + checked + " listed attributes found in the corpus");
        if (!problems.isEmpty()) {
            fail(profile.name() + ": " + problems.size() + " of " + checked + " wrong:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(60, problems.size()))));
        }
    }

    private int compare(Profile profile, Pseudonymizer p, int shift, Attributes orig, Attributes out, String path,
            List<String> problems) {
        int checked = 0;
        for (int tag : orig.tags()) {
            if (Tags.isPrivate(tag) || Tags.isGroupLength(tag)) {
                continue;
            }
            ActionTable.Row row = ActionTable.standard().row(tag);
            Object before = orig.getValue(tag);
            Object after = out.getValue(tag);
            String where = path + Tags.toString(tag) + " " + (row == null ? "" : row.keyword());
            if (row == null) {
                if (before instanceof Sequence sb && after instanceof Sequence sa && sb.size() == sa.size()) {
                    for (int i = 0; i < sb.size(); i++) {
                        checked += compare(profile, p, shift, sb.get(i), sa.get(i), where + "[" + i + "] ", problems);
                    }
                }
                continue;
            }
            if (ElementPolicy.isCurveOrOverlay(tag) && !profile.has(Option.CLEAN_GRAPHICS)) {
                continue; // whole 50xx/60xx groups go; checked by the canary test
            }
            if (tag == Tag.DeidentificationMethod || tag == Tag.DeidentificationMethodCodeSequence) {
                continue; // rewritten by the marking step
            }
            checked++;
            Action a = row.resolve(profile.options());
            if (a == Action.X && (tag == Tag.PresentationCreationDate || tag == Tag.PresentationCreationTime)) {
                a = Action.D; // Type 1 in Presentation State Identification (ElementPolicy)
            }
            if (orig.contains(Tag.DirectoryRecordType)) {
                // DICOMDIR records require their keys: removal empties, emptying dummies (ElementPolicy)
                a = a == Action.X ? Action.Z : (a == Action.Z || a == Action.X_Z) ? Action.D : a;
            }
            String why = check(tag, a, orig, out, before, after, p, shift, profile);
            if (why != null) {
                problems.add(where + " [" + a.code() + "]: " + why);
            }
            if (before instanceof Sequence sb && after instanceof Sequence sa && sb.size() == sa.size()) {
                for (int i = 0; i < sb.size(); i++) {
                    checked += compare(profile, p, shift, sb.get(i), sa.get(i), where + "[" + i + "] ", problems);
                }
            }
        }
        return checked;
    }

    private static String check(int tag, Action a, Attributes orig, Attributes out, Object before, Object after,
            Pseudonymizer p, int shift, Profile profile) {
        boolean sq = before instanceof Sequence;
        boolean emptyBefore = before instanceof byte[] b && b.length == 0;
        if (tag == Tag.PatientID || tag == Tag.PatientName) {
            if (emptyBefore) {
                return null;
            }
            String v = out.getString(tag);
            return v != null && (v.startsWith("PID-") || v.startsWith("ANON^")) ? null : "not a pseudonym: " + v;
        }
        switch (a) {
            case X:
                return after == null ? null : "still present";
            case Z:
            case X_Z:
                if (after == null) {
                    return "removed, not emptied";
                }
                return (after instanceof Sequence s && s.isEmpty()) || (after instanceof byte[] r && r.length == 0)
                        ? null : "not empty";
            case D:
            case Z_D:
            case X_D:
            case X_Z_D:
                if (after == null) {
                    return "removed, not replaced";
                }
                if (sq || emptyBefore) {
                    return null;
                }
                if (after instanceof byte[] r && r.length == 0) {
                    return "emptied, not a dummy";
                }
                return Arrays.equals(orig.getStrings(tag), out.getStrings(tag))
                        && !DUMMIES.containsAll(Arrays.asList(orig.getStrings(tag))) ? "unchanged" : null;
            case U:
            case X_Z_U:
                if (after == null) {
                    return "removed";
                }
                if (out.getVR(tag) == VR.UI && !emptyBefore) {
                    String[] o = orig.getStrings(tag);
                    String[] n = out.getStrings(tag);
                    for (int i = 0; i < o.length; i++) {
                        String u = o[i].strip();
                        // UIDs of the standard stay (ApplyProfile.remapUids)
                        if (!n[i].equals(UnlistedAttributePolicy.isStandardUid(u) ? u : p.uid(u))) {
                            return "UID " + o[i] + " -> " + n[i] + ", not the keyed pseudonym";
                        }
                    }
                }
                return null;
            case K:
                if (after == null) {
                    return "removed";
                }
                if (!sq && tag != Tag.PatientAge && !Arrays.equals(orig.getStrings(tag), out.getStrings(tag))) {
                    return "changed: " + String.join("\\", orig.getStrings(tag)) + " -> "
                            + String.join("\\", out.getStrings(tag));
                }
                return null;
            case C:
                if (after == null) {
                    return "removed";
                }
                VR vr = out.getVR(tag);
                if ((vr == VR.DA || vr == VR.DT) && profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)
                        && orig.getString(tag) != null && out.getString(tag) != null) {
                    String o = orig.getString(tag).strip();
                    String n = out.getString(tag).strip();
                    java.time.LocalDate od = java.time.LocalDate.parse(o.substring(0, 8),
                            java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                    String expected = od.plusDays(shift).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                            + o.substring(8);
                    return n.equals(expected) ? null : "date " + o + " -> " + n + ", expected " + expected;
                }
                return null;
            default:
                return "unexpected action " + a;
        }
    }

    private static Attributes read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }
}
