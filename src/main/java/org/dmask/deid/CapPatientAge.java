package org.dmask.deid;

import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dicom.VR;

/**
 * Ages over 89 identify (PS3.15 E.3.4 note, after HIPAA): a kept Patient's Age above 89 years becomes "090Y",
 * i.e. "90 or older".
 */
final class CapPatientAge implements DeidStep {

    @Override
    public void apply(Attributes ds, DeidContext ctx) {
        String age = ds.getString(Tag.PatientAge);
        if (age == null) {
            return;
        }
        String a = age.strip();
        if (a.length() == 4 && a.charAt(3) == 'Y' && a.substring(0, 3).chars().allMatch(Character::isDigit)) {
            if (Integer.parseInt(a.substring(0, 3)) > 89) {
                ds.setString(Tag.PatientAge, VR.AS, "090Y");
            }
        } else if (!a.matches("\\d{3}[DWM]")) {
            ds.setBytes(Tag.PatientAge, VR.AS, new byte[0]); // not a valid age string: nothing to vouch for
        }
    }
}
