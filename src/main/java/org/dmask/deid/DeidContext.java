package org.dmask.deid;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;

/**
 * What one object's de-identification knows: the profile, the keyed pseudonyms, the patient (for the per-patient
 * date shift and pseudonyms) and the identifiers to take out of cleaned text. Made per object; not shared.
 */
final class DeidContext {

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    final Profile profile;
    final Pseudonymizer pseudonymizer;
    final PatientLookupTable lookup;
    final PseudonymListener listener;
    private final IdentifierScrubber scrubber;
    private final String patientKey;
    private final String originalPatientId;
    private final int dateShiftDays;

    DeidContext(Profile profile, Pseudonymizer pseudonymizer, PatientLookupTable lookup, PseudonymListener listener,
            int minShiftDays, int maxShiftDays, Attributes original) {
        this.profile = profile;
        this.pseudonymizer = pseudonymizer;
        this.lookup = lookup;
        this.listener = listener;
        this.originalPatientId = original.getString(Tag.PatientID, "");
        String name = original.getString(Tag.PatientName, "");
        this.patientKey = !originalPatientId.isEmpty() ? "id:" + originalPatientId : "name:" + name;
        this.dateShiftDays = pseudonymizer.inRange("date-shift", patientKey, minShiftDays, maxShiftDays);
        this.scrubber = IdentifierScrubber.of(original); // before anything changes
    }

    IdentifierScrubber scrubber() {
        return scrubber;
    }

    int dateShiftDays() {
        return dateShiftDays;
    }

    String uid(String uid) {
        String p = pseudonymizer.uid(uid);
        listener.mapped("uid", uid, p);
        return p;
    }

    String patientId() {
        String p;
        if (lookup != null) {
            p = entry().pseudonymId();
        } else {
            p = "PID-" + pseudonymizer.code("patient-id", patientKey, 16);
        }
        listener.mapped("patient-id", originalPatientId, p);
        return p;
    }

    String patientName(String original) {
        String p;
        if (lookup != null) {
            p = entry().pseudonymName();
        } else {
            p = "ANON^" + pseudonymizer.code("patient-name", patientKey, 12);
        }
        listener.mapped("patient-name", original, p);
        return p;
    }

    private PatientLookupTable.Entry entry() {
        PatientLookupTable.Entry e = lookup.lookup(originalPatientId);
        if (e == null) {
            throw new DeidentificationException("patient ID is not in the configured patient lookup table");
        }
        return e;
    }

    /** A DA value moved by the patient's shift, or null when it is not a full date (then it must go). */
    String shiftDate(String da) {
        if (da.length() != 8) {
            return null;
        }
        try {
            return LocalDate.parse(da, DA).plusDays(dateShiftDays).format(DA);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A DT value with its date part shifted (time and offset kept), or null when it has no full date. */
    String shiftDateTime(String dt) {
        if (dt.length() < 8) {
            return null;
        }
        String d = shiftDate(dt.substring(0, 8));
        return d == null ? null : d + dt.substring(8);
    }
}
