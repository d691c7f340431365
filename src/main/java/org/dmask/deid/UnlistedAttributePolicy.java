package org.dmask.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dmask.dicom.ElementDictionary;
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
 * in a Per-frame Functional Groups Sequence); but a sequence all of whose items end up with no element at all is
 * emptied (zero items), which Type 2 accepts.</li>
 * <li><b>Numbers, binary and coded values</b> (US SS UL SL FL FD DS IS SV UV AT CS OB OW OF OD OL OV): kept. They
 * describe the acquisition and the image (geometry, pixel description, exposure, counts, tag pointers), not the
 * person; CS values come from enumerated or defined terms of the standard. Where such an attribute can identify
 * (Patient's Size, Weight, Sex...), the table lists it.</li>
 * <li><b>UI</b>: replaced by the keyed UID pseudonym, like a U row; a registered UID of the standard (SOP class,
 * transfer syntax..., {@code UID.nameOf} non-empty) is left as it is, as it is wherever UIDs are remapped.</li>
 * <li><b>DA, DT, TM</b>: as the table's date and time rows under the temporal options: kept under Retain Longitudinal
 * Temporal Information with Full Dates, shifted by the per-patient shift under Modified Dates (times kept, as C does
 * for them), emptied (Z) otherwise.</li>
 * <li><b>Text</b> (AE AS LO LT PN SH ST UC UR UT): kept only when on the safe list {@code safe-unlisted.txt} (technical
 * text that names a code, a device setting or a geometric reference, not a person, and that IODs require); otherwise
 * emptied (Z, so a Type 2 attribute stays valid), or removed when the standard has retired the attribute. Inside
 * content the table cleans (C: Clean Structured Content, Clean Descriptors, Clean Graphics), such text is cleaned
 * instead: the option asks for the content to be kept without its identifiers.</li>
 * <li>Anything else (UN left unresolved): removed.</li>
 * </ul>
 *
 * The profile's overrides, the private-attribute rules, Clean Graphics and the pseudonyms of Patient ID and Name are
 * decided before this, in {@link ElementPolicy}, and win over it.
 */
final class UnlistedAttributePolicy {

    private static final String RESOURCE = "safe-unlisted.txt";
    /** Safe-listed tag to its reason. */
    private static final Map<Integer, String> SAFE = load();

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
            case UI -> SAFE.containsKey(tag) ? Treatment.KEEP : Treatment.REMAP_UID;
            case DA, DT, TM -> options.contains(Option.RETAIN_LONGITUDINAL_FULL_DATES) ? Treatment.KEEP
                    : options.contains(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? Treatment.CLEAN
                    : Treatment.EMPTY;
            case AE, AS, LO, LT, PN, SH, ST, UC, UR, UT -> SAFE.containsKey(tag) ? Treatment.KEEP
                    : cleaning ? Treatment.CLEAN
                    : ElementDictionary.isRetired(tag) ? Treatment.REMOVE
                    : Treatment.EMPTY;
            default -> Treatment.REMOVE;
        };
    }

    /** Whether an attribute is on the safe list (its text or UID kept as it is when the table does not list it). */
    static boolean isSafe(int tag) {
        return SAFE.containsKey(tag);
    }

    /** The safe list: tag to the reason given for it. */
    static Map<Integer, String> safeList() {
        return SAFE;
    }

    private static Map<Integer, String> load() {
        try (InputStream in = UnlistedAttributePolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, String> safe = new LinkedHashMap<>();
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                int hash = s.indexOf('#');
                String keyword = (hash < 0 ? s : s.substring(0, hash)).strip();
                String reason = hash < 0 ? "" : s.substring(hash + 1).strip();
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
                safe.put(tag, reason);
            }
            return Collections.unmodifiableMap(safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
