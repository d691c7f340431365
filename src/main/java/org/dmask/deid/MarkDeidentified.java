package org.dmask.deid;

import java.util.ArrayList;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.VR;

/**
 * Records what was done: Patient Identity Removed = YES, De-identification Method, the CID 7050 codes of the profile
 * and its options in De-identification Method Code Sequence, and Longitudinal Temporal Information Modified.
 * Burned In Annotation and Recognizable Visual Features are left to the stage that cleaned the pixels.
 */
final class MarkDeidentified implements DeidStep {

    @Override
    public void apply(Attributes ds, DeidContext ctx) {
        Profile profile = ctx.profile;
        ds.setString(Tag.PatientIdentityRemoved, VR.CS, "YES");
        List<String> method = new ArrayList<>();
        String m = "DMASK PS3.15 E " + profile.name();
        method.add(m.length() > 64 ? m.substring(0, 64) : m);
        Sequence codes = ds.newSequence(Tag.DeidentificationMethodCodeSequence, 1 + profile.options().size());
        code(codes.addItem(), Option.BASIC_PROFILE_CODE, Option.BASIC_PROFILE_MEANING);
        for (Option o : Option.values()) {
            if (profile.has(o)) {
                code(codes.addItem(), o.code(), o.meaning());
            }
        }
        ds.setString(Tag.DeidentificationMethod, VR.LO, method.toArray(String[]::new));
        String longitudinal = profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        ds.setString(Tag.LongitudinalTemporalInformationModified, VR.CS, longitudinal);
    }

    private static void code(Attributes item, String value, String meaning) {
        item.setString(Tag.CodeValue, VR.SH, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
    }
}
