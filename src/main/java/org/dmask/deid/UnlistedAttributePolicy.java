package org.dmask.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;

/**
 * What happens to a public attribute that PS3.15 Table E.1-1 does not list (issue 4: "public attributes not known to
 * be safe removed — what is not known to be safe goes"). The table lists the attributes the standard knows to
 * identify; every other attribute is judged here by what its VR can hold:
 *
 * <ul>
 * <li><b>Unknown to the dictionary</b>: removed (nothing is known about it).</li>
 * <li><b>SQ</b>: kept, and its items are de-identified by the same rules, at any depth (so an unlisted sequence keeps
 * its structure and loses its free text). Item positions are kept, because they can carry meaning (one item per frame
 * in a Per-frame Functional Groups Sequence). But a sequence each of whose items held values other than codes (CS)
 * and is left with none is removed: the codes left would only qualify values that went, as in an Issuer of Accession
 * Number or Issuer of Patient ID Qualifiers Sequence whose Universal Entity ID was emptied, leaving Universal Entity
 * ID Type alone (invalid: the ID is Type 1C there). Removal, not zero items, because dciodvfy requires an item in a
 * present Type 3 sequence, and these sequences are Type 3; the table removes the issuer sequences it lists too (X
 * or Z). A sequence that held only codes (a Frame Type sequence) is kept as it is.</li>
 * <li><b>Numbers, binary and coded values</b> (US SS UL SL FL FD DS IS SV UV AT CS OB OW OF OD OL OV): kept. They
 * describe the acquisition and the image (geometry, pixel description, exposure, counts, tag pointers), not the
 * person; CS values come from enumerated or defined terms of the standard. Where such an attribute can identify
 * (Patient's Size, Weight, Sex...), the table lists it.</li>
 * <li><b>UI</b>: replaced by the keyed UID pseudonym, like a U row; a UID of the standard is left as it is, as it is
 * wherever UIDs are remapped ({@link #isStandardUid}).</li>
 * <li><b>DA, DT, TM</b>: as the table's date and time rows under the temporal options: kept under Retain Longitudinal
 * Temporal Information with Full Dates, shifted by the per-patient shift under Modified Dates (times kept, as C does
 * for them), emptied (Z) otherwise.</li>
 * <li><b>Text</b> (AE AS LO LT PN SH ST UC UR UT): kept only when {@code safe-unlisted.txt} lists it as {@code keep}
 * (technical text that names a code, a unit, a device setting or a geometric reference, not a person, and that IODs
 * require). Otherwise emptied (Z, so a Type 2 attribute stays valid), or removed when the standard has retired the
 * attribute; except the free text that an IOD requires (Type 1 or 1C: SR Text Value, a waveform annotation), which
 * the list marks {@code dummy} and which gets a dummy value (D, valid for every type), and the device identity that
 * an IOD requires (Manufacturer in Enhanced General Equipment), marked {@code device}: kept under Retain Device
 * Identity, else a dummy. Inside content the table cleans (C: Clean Structured Content, Clean Descriptors, Clean
 * Graphics), text not kept is cleaned instead: the option asks for the content to be kept without its
 * identifiers.</li>
 * <li>Anything else (UN left unresolved): removed.</li>
 * </ul>
 *
 * The profile's overrides, the private-attribute rules, Clean Graphics and the pseudonyms of Patient ID and Name are
 * decided before this, in {@link ElementPolicy}, and win over it.
 */
final class UnlistedAttributePolicy {

    private static final String RESOURCE = "safe-unlisted.txt";

    /** What the list says about an attribute. */
    enum Kind {
        /** Kept as it is. */
        KEEP,
        /** Required free text: a dummy value (cleaned inside cleaned content). */
        DUMMY,
        /** Required device identity: kept under Retain Device Identity, else a dummy. */
        DEVICE
    }

    /** A list entry: what to do and why. */
    record Entry(Kind kind, String reason) {
    }

    private static final Set<VR> TEXT = EnumSet.of(VR.AE, VR.AS, VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC, VR.UR,
            VR.UT);

    /** Loaded after TEXT, which it uses. */
    private static final Map<Integer, Entry> SAFE = load();

    private UnlistedAttributePolicy() {
    }

    /**
     * @param tag a public tag that the table does not list
     * @param vr the element's VR as stored (UN for an unknown VR: the dictionary's VR is used then)
     * @param options the profile's options
     * @param cleaning whether the element lies inside content that the table cleans (C)
     */
    static Treatment decide(int tag, VR vr, Set<Option> options, boolean cleaning) {
        if (ElementDictionary.keywordOf(tag).isEmpty()) {
            return Treatment.REMOVE;
        }
        VR v = vr == null || vr == VR.UN ? ElementDictionary.vrOf(tag) : vr;
        return switch (v) {
            case SQ -> Treatment.KEEP_ITEMS;
            case US, SS, UL, SL, FL, FD, DS, IS, SV, UV, AT, CS, OB, OW, OF, OD, OL, OV -> Treatment.KEEP;
            case UI -> kind(tag) == Kind.KEEP ? Treatment.KEEP : Treatment.REMAP_UID;
            case DA, DT, TM -> options.contains(Option.RETAIN_LONGITUDINAL_FULL_DATES) ? Treatment.KEEP
                    : options.contains(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? Treatment.CLEAN
                    : Treatment.EMPTY;
            case AE, AS, LO, LT, PN, SH, ST, UC, UR, UT -> text(tag, options, cleaning);
            default -> Treatment.REMOVE;
        };
    }

    /**
     * Whether a UID is one of the standard's own (a SOP class, a transfer syntax, a context group, a coding scheme, a
     * well-known frame of reference...): named by the generated registry ({@code UID.nameOf}), or under the DICOM root
     * 1.2.840.10008, which PS3.5 reserves for UIDs the standard registers. The generated registry holds only part of
     * PS3.6 Annex A (no Modality Performed Procedure Step SOP Class, no context groups), hence the root. Such a UID
     * names a definition, not an instance, and is never remapped.
     */
    static boolean isStandardUid(String uid) {
        return !UID.nameOf(uid).isEmpty() || uid.startsWith("1.2.840.10008.");
    }

    private static Treatment text(int tag, Set<Option> options, boolean cleaning) {
        Kind k = kind(tag);
        if (k == Kind.KEEP || (k == Kind.DEVICE && options.contains(Option.RETAIN_DEVICE_IDENTITY))) {
            return Treatment.KEEP;
        }
        if (cleaning) {
            return Treatment.CLEAN;
        }
        if (k != null) {
            return Treatment.DUMMY;
        }
        return ElementDictionary.isRetired(tag) ? Treatment.REMOVE : Treatment.EMPTY;
    }

    /** What the list says about an attribute, or null when it does not list it. */
    static Kind kind(int tag) {
        Entry e = SAFE.get(tag);
        return e == null ? null : e.kind();
    }

    /** The list: tag to its entry. */
    static Map<Integer, Entry> safeList() {
        return SAFE;
    }

    private static Map<Integer, Entry> load() {
        try (InputStream in = UnlistedAttributePolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, Entry> safe = new LinkedHashMap<>();
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                int hash = s.indexOf('#');
                String[] f = (hash < 0 ? s : s.substring(0, hash)).strip().split("\\s+");
                String keyword = f[0];
                String reason = hash < 0 ? "" : s.substring(hash + 1).strip();
                Kind kind;
                try {
                    kind = f.length == 1 ? Kind.KEEP : f.length == 2 ? Kind.valueOf(f[1].toUpperCase(Locale.ROOT))
                            : null;
                } catch (IllegalArgumentException e) {
                    kind = null;
                }
                if (kind == null) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": expected KEYWORD [keep|dummy|device] # reason");
                }
                int tag = ElementDictionary.tagForKeyword(keyword);
                if (tag == -1) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": unknown keyword " + keyword);
                }
                if (reason.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": " + keyword + " has no reason");
                }
                if (ActionTable.standard().row(tag) != null) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": " + keyword
                            + " is listed in Table E.1-1, whose action applies");
                }
                VR vr = ElementDictionary.vrOf(tag);
                if (kind == Kind.KEEP ? !TEXT.contains(vr) && vr != VR.UI : !TEXT.contains(vr)) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": " + keyword + " is " + vr
                            + ", not text" + (kind == Kind.KEEP ? " or UI" : "") + ": the list has no say over it");
                }
                safe.put(tag, new Entry(kind, reason));
            }
            return Collections.unmodifiableMap(safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
