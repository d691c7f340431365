package org.dmask.deid;

import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Tag;
import org.dmask.dicom.Tags;
import org.dmask.dicom.VR;

/**
 * Decides the {@link Treatment} of one element. In order: group lengths go; private attributes go unless the profile
 * keeps safe private attributes and lists this one; the profile's overrides; Patient ID and Name become pseudonyms;
 * 50xx curves and 60xx overlays go unless Clean Graphics; the Annex E table with the selected options; and a public
 * attribute the table does not list is kept only when it is known to be safe, as {@link UnlistedAttributePolicy}
 * decides by its VR and a small safe list (numbers and codes kept, UIDs remapped, dates as the temporal options say,
 * other text emptied, attributes unknown to the dictionary removed, sequences kept with their items de-identified).
 *
 * <p>Compound actions (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) depend on the attribute's type in the object's IOD. The
 * standard JSON at hand (modules.json, macros.json) names the modules of each IOD but not their attributes, so the
 * type is not known here; the choice that is valid for every type is taken instead: an element that is present is
 * emptied (X/Z: valid for Type 2 and 3) or given a dummy value (X/D, Z/D, X/Z/D: valid for Type 1, 2 and 3), and
 * X/Z/U* keeps a sequence of references with its UIDs replaced. None of these keeps the original value.
 */
final class ElementPolicy {

    private final ActionTable table;
    private final Profile profile;

    ElementPolicy(ActionTable table, Profile profile) {
        this.table = table;
        this.profile = profile;
    }

    /**
     * @param vr the element's VR as stored (UN for an unknown VR)
     * @param creator the private creator of a private element, else null
     */
    Treatment decide(int tag, VR vr, String creator) {
        return decide(tag, vr, creator, false);
    }

    /**
     * @param cleaning whether the element lies inside content that the table cleans (C), where unlisted text is
     *     cleaned rather than emptied
     */
    Treatment decide(int tag, VR vr, String creator, boolean cleaning) {
        if (Tags.isGroupLength(tag)) {
            return Treatment.REMOVE;
        }
        if (Tags.isPrivate(tag)) {
            if (Tags.isPrivateCreator(tag)) {
                return Treatment.KEEP; // dropped afterwards when none of its block is left
            }
            Action a = table.privateRow().resolve(profile.options());
            return a != Action.X && profile.isSafePrivate(creator, tag) ? Treatment.KEEP : Treatment.REMOVE;
        }
        Profile.Override o = profile.overrides().get(tag);
        if (o != null) {
            return switch (o.kind()) {
                case KEEP -> Treatment.KEEP;
                case REMOVE -> Treatment.REMOVE;
                case REPLACE -> Treatment.REPLACE;
                case HASH -> Treatment.HASH;
            };
        }
        if (tag == Tag.PatientID) {
            return Treatment.PATIENT_ID_PSEUDONYM;
        }
        if (tag == Tag.PatientName) {
            return Treatment.PATIENT_NAME_PSEUDONYM;
        }
        boolean graphics = isCurveOrOverlay(tag);
        if (graphics && !profile.has(Option.CLEAN_GRAPHICS)) {
            return Treatment.REMOVE;
        }
        ActionTable.Row row = table.row(tag);
        if (row == null) {
            if (graphics) {
                return Treatment.CLEAN;
            }
            return UnlistedAttributePolicy.decide(tag, vr, profile.options(), cleaning);
        }
        Action a = row.resolve(profile.options());
        if (a == Action.X && REQUIRED_THOUGH_X.contains(tag)) {
            a = Action.D;
        }
        return treatmentOf(a, vr == VR.UN ? ElementDictionary.vrOf(tag) : vr);
    }

    /**
     * Attributes the table marks X although an IOD makes them Type 1 (without the module attribute tables the type
     * cannot be looked up, so these are listed by hand, as found by dciodvfy on the corpus): Presentation Creation
     * Date and Time are Type 1 in the Presentation State Identification Module. A present one gets a dummy value.
     */
    private static final java.util.Set<Integer> REQUIRED_THOUGH_X =
            java.util.Set.of(Tag.PresentationCreationDate, Tag.PresentationCreationTime);

    /**
     * Directory records of a DICOMDIR (PS3.3 F.5) require keys the table would empty or remove (Study Date, Time and
     * ID are Type 1 there, Study Description Type 2): inside a record, removal becomes emptying and emptying a dummy.
     */
    static Treatment inDirectoryRecord(Treatment t, boolean listed) {
        if (!listed) {
            return t;
        }
        return t == Treatment.REMOVE ? Treatment.EMPTY : t == Treatment.EMPTY ? Treatment.DUMMY : t;
    }

    boolean listed(int tag) {
        return !Tags.isPrivate(tag) && table.row(tag) != null && !isCurveOrOverlay(tag);
    }

    static Treatment treatmentOf(Action a, VR vr) {
        return switch (a) {
            case X -> Treatment.REMOVE;
            case Z, X_Z -> Treatment.EMPTY;
            case D, Z_D, X_D, X_Z_D -> vr == VR.UI ? Treatment.REMAP_UID : Treatment.DUMMY;
            case K -> Treatment.KEEP;
            case C -> Treatment.CLEAN;
            case U, X_Z_U -> vr == VR.UI ? Treatment.REMAP_UID : vr == VR.SQ ? Treatment.KEEP : Treatment.DUMMY;
        };
    }

    /** 50xx curve and 60xx overlay groups (even groups 5000-501E, 6000-601E). */
    static boolean isCurveOrOverlay(int tag) {
        int g = Tags.group(tag);
        return (g & 1) == 0 && ((g & 0xFF00) == 0x5000 || (g & 0xFF00) == 0x6000) && (g & 0xFF) <= 0x1E;
    }
}
