package org.dmask.deid;

import java.util.HashSet;
import java.util.Set;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.VR;

/**
 * The main step: every element of the data set and of its sequence items, at any depth, treated as
 * {@link ElementPolicy} decides. UIDs are mapped by the same keyed function everywhere, so a reference inside a
 * sequence keeps pointing at the remapped top-level UID.
 */
final class ApplyProfile implements DeidStep {

    private final ElementPolicy policy;

    ApplyProfile(ElementPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void apply(Attributes dataset, DeidContext ctx) {
        process(dataset, ctx, false);
    }

    private void process(Attributes attrs, DeidContext ctx, boolean cleaning) {
        int[] tags = attrs.tags().stream().mapToInt(Integer::intValue).toArray();
        Set<Integer> usedCreators = new HashSet<>();
        boolean directoryRecord = attrs.contains(Tag.DirectoryRecordType);
        for (int tag : tags) {
            VR vr = attrs.getVR(tag);
            String creator = Tags.isPrivate(tag) ? attrs.privateCreatorOf(tag) : null;
            Treatment t = policy.decide(tag, vr, creator, cleaning);
            if (directoryRecord) {
                t = ElementPolicy.inDirectoryRecord(t, policy.listed(tag));
            }
            if (cleaning && t == Treatment.KEEP) {
                t = Treatment.CLEAN;
            }
            Object value = attrs.getValue(tag);
            if (vr == VR.UN && value instanceof byte[] raw && raw.length > 0
                    && ElementDictionary.vrOf(tag) == VR.SQ && t != Treatment.REMOVE) {
                // A sequence encoded as UN cannot be walked item by item here: its content goes.
                attrs.setBytes(tag, VR.UN, new byte[0]);
                continue;
            }
            treat(attrs, tag, vr, value, t, ctx, cleaning);
            if (Tags.isPrivate(tag) && !Tags.isPrivateCreator(tag) && attrs.contains(tag)) {
                usedCreators.add(Tags.privateCreatorOf(tag));
            }
        }
        for (int tag : tags) {
            if (Tags.isPrivateCreator(tag) && !usedCreators.contains(tag)) {
                attrs.remove(tag);
            }
        }
    }

    private void treat(Attributes attrs, int tag, VR vr, Object value, Treatment t, DeidContext ctx,
            boolean cleaning) {
        switch (t) {
            case REMOVE -> attrs.remove(tag);
            case EMPTY -> {
                if (value instanceof Sequence) {
                    attrs.newSequence(tag, 0);
                } else {
                    attrs.setBytes(tag, vr, new byte[0]);
                }
            }
            case DUMMY -> {
                if (value instanceof Sequence seq) {
                    items(seq, ctx, cleaning);
                } else {
                    DummyValues.set(attrs, tag, vr);
                }
            }
            case KEEP -> {
                if (value instanceof Sequence seq) {
                    items(seq, ctx, cleaning);
                }
            }
            case KEEP_ITEMS -> {
                if (value instanceof Sequence seq && !seq.isEmpty()) {
                    boolean hadValues = true;
                    for (Attributes item : seq) {
                        hadValues &= !holdsOnlyCodes(item);
                    }
                    items(seq, ctx, cleaning);
                    boolean lostValues = hadValues;
                    for (Attributes item : seq) {
                        lostValues &= holdsOnlyCodes(item);
                    }
                    if (lostValues) {
                        attrs.remove(tag); // left with codes of values that went (UnlistedAttributePolicy)
                    }
                }
            }
            case CLEAN -> clean(attrs, tag, vr, value, ctx);
            case REMAP_UID -> remapUids(attrs, tag, vr, value, ctx);
            case PATIENT_ID_PSEUDONYM -> {
                if (vr.isString()) {
                    attrs.setString(tag, vr, ctx.patientId());
                } else {
                    attrs.remove(tag);
                }
            }
            case PATIENT_NAME_PSEUDONYM -> {
                if (vr.isString()) {
                    attrs.setString(tag, vr, ctx.patientName(attrs.getString(tag, "")));
                } else {
                    attrs.remove(tag);
                }
            }
            case REPLACE -> attrs.setString(tag, vr.isString() ? vr : ElementDictionary.vrOf(tag),
                    ctx.profile.overrides().get(tag).value());
            case HASH -> {
                if (vr == VR.UI) {
                    remapUids(attrs, tag, vr, value, ctx);
                } else if (vr.isString() && value instanceof byte[]) {
                    String[] vals = attrs.getStrings(tag);
                    for (int i = 0; i < vals.length; i++) {
                        vals[i] = vals[i].isEmpty() ? "" : ctx.pseudonymizer.code("hash:" + Tags.toString(tag),
                                vals[i], 16);
                    }
                    attrs.setString(tag, vr, vals);
                } else {
                    attrs.remove(tag);
                }
            }
        }
    }

    /** Whether an item holds no value other than codes (CS): no number, text, UID, date or non-empty sequence. */
    private static boolean holdsOnlyCodes(Attributes item) {
        for (int tag : item.tags()) {
            Object v = item.getValue(tag);
            boolean empty = v instanceof Sequence s ? s.isEmpty() : v instanceof byte[] b && b.length == 0;
            if (!empty && item.getVR(tag) != VR.CS) {
                return false;
            }
        }
        return true;
    }

    private void items(Sequence seq, DeidContext ctx, boolean cleaning) {
        for (Attributes item : seq) {
            process(item, ctx, cleaning);
        }
    }

    private void clean(Attributes attrs, int tag, VR vr, Object value, DeidContext ctx) {
        if (value instanceof Sequence seq) {
            items(seq, ctx, true);
            return;
        }
        if (!(value instanceof byte[] raw) || raw.length == 0) {
            return;
        }
        switch (vr) {
            case DA, DT -> {
                if (!ctx.profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
                    attrs.setBytes(tag, vr, new byte[0]);
                    return;
                }
                String[] vals = attrs.getStrings(tag);
                for (int i = 0; i < vals.length; i++) {
                    String shifted = vr == VR.DA ? ctx.shiftDate(vals[i].strip()) : ctx.shiftDateTime(vals[i].strip());
                    if (shifted == null) {
                        attrs.setBytes(tag, vr, new byte[0]); // not a date we can move: it goes
                        return;
                    }
                    vals[i] = shifted;
                }
                attrs.setString(tag, vr, vals);
            }
            case LO, LT, SH, ST, UT, UC, PN, AE, UR, CS -> {
                String[] vals = vr.kind() == VR.Kind.TEXT ? new String[] {decodeText(attrs, tag)} : attrs.getStrings(tag);
                boolean changed = false;
                for (int i = 0; i < vals.length; i++) {
                    String c = ctx.scrubber().clean(vals[i]);
                    changed |= c != vals[i];
                    vals[i] = c;
                }
                if (changed) {
                    attrs.setString(tag, vr, vals);
                }
            }
            default -> { } // numbers, UIDs not listed as U, times, binary: no identifiers of their own
        }
    }

    private static String decodeText(Attributes attrs, int tag) {
        return String.join("\\", attrs.getStrings(tag));
    }

    private void remapUids(Attributes attrs, int tag, VR vr, Object value, DeidContext ctx) {
        if (value instanceof Sequence seq) {
            items(seq, ctx, false);
            return;
        }
        if (vr != VR.UI) {
            attrs.remove(tag);
            return;
        }
        String[] uids = attrs.getStrings(tag);
        if (uids.length == 0) {
            return;
        }
        for (int i = 0; i < uids.length; i++) {
            String u = uids[i].strip();
            // A UID of the standard (SOP class, transfer syntax...) identifies nothing: it stays.
            uids[i] = u.isEmpty() || UnlistedAttributePolicy.isStandardUid(u) ? u : ctx.uid(u);
        }
        attrs.setString(tag, VR.UI, uids);
    }
}
