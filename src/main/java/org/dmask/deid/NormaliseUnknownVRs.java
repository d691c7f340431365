package org.dmask.deid;

import org.dmask.dicom.Attributes;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tags;
import org.dmask.dicom.VR;

/**
 * Public string elements that arrived with VR UN (an implicit VR sender's unknown, re-encoded as explicit) get their
 * dictionary VR back, at any depth, so that the later steps read them as text: a patient name in UN must still be
 * found and cleaned. The raw bytes of a string are the same in either encoding.
 */
final class NormaliseUnknownVRs {

    private NormaliseUnknownVRs() {
    }

    static void apply(Attributes attrs) {
        for (int i = 0; i < attrs.size(); i++) {
            int tag = attrs.tagAt(i);
            Object v = attrs.valueAt(i);
            if (v instanceof Sequence seq) {
                for (Attributes item : seq) {
                    apply(item);
                }
            } else if (attrs.vrAt(i) == VR.UN && !Tags.isPrivate(tag) && v instanceof byte[] raw) {
                VR dict = ElementDictionary.vrOf(tag);
                if (dict.isString()) {
                    attrs.setBytes(tag, dict, raw);
                }
            }
        }
    }
}
