package org.dmask.deid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;

/**
 * Cleans free text (action C on descriptors and structured content): every occurrence of one of this patient's
 * identifiers found in the object (name components, IDs, accession number, birth date, institution, physicians) is
 * replaced by "***". Text that names none of them is kept as it is.
 */
final class IdentifierScrubber {

    static final String REDACTED = "***";
    private static final Pattern PARTS = Pattern.compile("[\\^=\\s,]+");

    private static final int[] SOURCES = {
        Tag.PatientName, Tag.PatientID, Tag.OtherPatientIDs, Tag.OtherPatientNames, Tag.PatientBirthName,
        Tag.PatientMotherBirthName, Tag.AccessionNumber, Tag.PatientBirthDate, Tag.InstitutionName,
        Tag.InstitutionAddress, Tag.ReferringPhysicianName, Tag.PerformingPhysicianName, Tag.OperatorsName,
        Tag.NameOfPhysiciansReadingStudy, Tag.PhysiciansOfRecord, Tag.PatientAddress, Tag.StudyID,
        Tag.PatientTelephoneNumbers, Tag.MedicalRecordLocator, Tag.IssuerOfPatientID,
    };

    private final List<String> words;
    /** Compiled on the first clean: most profiles clean nothing, and the words are cheap to gather. */
    private Pattern pattern;

    private IdentifierScrubber(List<String> words) {
        this.words = words;
    }

    static IdentifierScrubber of(Attributes ds) {
        Set<String> words = new LinkedHashSet<>();
        for (int tag : SOURCES) {
            for (String v : ds.getStrings(tag)) {
                String s = v.strip();
                if (s.length() >= 2) {
                    words.add(s);
                }
                for (String part : PARTS.split(s)) {
                    if (part.length() >= 2) {
                        words.add(part);
                    }
                }
            }
        }
        List<String> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first
        return new IdentifierScrubber(sorted);
    }

    /** The text without identifiers, or the same instance when it held none. */
    String clean(String text) {
        if (words.isEmpty()) {
            return text;
        }
        if (pattern == null) {
            StringBuilder re = new StringBuilder();
            for (String w : words) {
                if (re.length() > 0) {
                    re.append('|');
                }
                re.append(Pattern.quote(w));
            }
            pattern = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(REDACTED) : text;
    }

    @Override
    public String toString() {
        return "IdentifierScrubber" + words;
    }
}
