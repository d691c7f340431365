package org.dmask.deid;

import org.dmask.dicom.Attributes;
import org.dmask.dicom.VR;

/** Non-zero length dummy values per VR (action D), none of which says anything about the patient. */
final class DummyValues {

    static final String TEXT = "ANONYMIZED";

    private DummyValues() {
    }

    static void set(Attributes attrs, int tag, VR vr) {
        switch (vr) {
            case AE -> attrs.setString(tag, vr, "ANONYMIZED");
            case AS -> attrs.setString(tag, vr, "000Y");
            case CS -> attrs.setString(tag, vr, "ANONYMIZED");
            case DA -> attrs.setString(tag, vr, "19000101");
            case DT -> attrs.setString(tag, vr, "19000101000000");
            case TM -> attrs.setString(tag, vr, "000000");
            case DS, IS -> attrs.setString(tag, vr, "0");
            case LO, LT, SH, ST, UT, UC, PN -> attrs.setString(tag, vr, TEXT);
            case UR -> attrs.setString(tag, vr, "urn:x-dmask:anonymized");
            case UI -> throw new IllegalArgumentException("UIDs are remapped, not dummied");
            case SS, US, OB, OW, UN -> attrs.setBytes(tag, vr, new byte[2]);
            case SL, UL, FL, OF, OL, AT -> attrs.setBytes(tag, vr, new byte[4]);
            case FD, OD, SV, UV, OV -> attrs.setBytes(tag, vr, new byte[8]);
            case SQ, NONE -> throw new IllegalArgumentException("no dummy value for " + vr);
        }
    }
}
