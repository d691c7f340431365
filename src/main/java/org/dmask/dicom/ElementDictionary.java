package org.dmask.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard DICOM data dictionary (PS3.6), loaded lazily and once from the generated classpath resource
 * {@code org/dmask/dicom/dictionary.txt} (see tools/generate.sh).
 *
 * <p>Lookup order for a tag: exact entry, then repeating-group / wildcard entries such as (60xx,3000) or
 * (0028,04x0), then the generic rules: group length (gggg,0000) is UL, private creator (odd group, element
 * 0x0010-0x00FF) is LO, any other private element is UN, anything else is unknown (UN, keyword "").
 * Multi-VR entries are resolved for implicit VR decoding (e.g. "US or SS" is US, "OB or OW" is OW);
 * item and delimitation tags (FFFE,E000/E00D/E0DD) have VR {@link VR#NONE}.
 */
public final class ElementDictionary {

    private static final String RESOURCE = "dictionary.txt";

    private ElementDictionary() {
    }

    /**
     * One dictionary row; for wildcard rows, {@code (tag & mask) == value} matches and {@code wild} has the
     * bits of the x nibbles set (0 for exact rows).
     */
    private record Entry(int mask, int value, int wild, VR vr, boolean usOrSS, String vm, boolean retired,
            String keyword, String name) {
        int wildcardNibbles() {
            return Integer.bitCount(wild) / 4;
        }
    }

    private static final class Holder {
        static final Map<Integer, Entry> EXACT = new HashMap<>(8192);
        static final List<Entry> PATTERNS = new ArrayList<>();
        static final Map<String, Integer> BY_KEYWORD = new HashMap<>(8192);

        static {
            try (InputStream in = ElementDictionary.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing classpath resource org/dmask/dicom/" + RESOURCE);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    add(line.split("\t", -1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // most specific pattern first, so that overlapping wildcards resolve deterministically
            PATTERNS.sort(Comparator.comparingInt(Entry::wildcardNibbles));
            for (Entry p : PATTERNS) {
                if (!p.keyword().isEmpty()) {
                    BY_KEYWORD.putIfAbsent(p.keyword(), firstTag(p));
                }
            }
        }

        /**
         * Tag constant of a repeating-group attribute, as in Tag.java: x = 0 (60xx3000 -> 60003000), or, if that
         * tag is itself a defined attribute (0028,04x0 -> TransformLabel), the first digit that is not (00280410).
         */
        private static int firstTag(Entry p) {
            int tag = p.value();
            for (int d = 1; d < 16 && EXACT.containsKey(tag); d++) {
                tag = p.value() | (p.wild() & (0x11111111 * d));
            }
            return tag;
        }

        private static void add(String[] f) {
            if (f.length != 6 || f[0].length() != 8) {
                throw new IllegalStateException("bad dictionary line: " + String.join("\t", f));
            }
            String p = f[0];
            int wild = 0;
            int value = 0;
            for (int i = 0; i < 8; i++) {
                char c = p.charAt(i);
                wild <<= 4;
                value <<= 4;
                if (c == 'x') {
                    wild |= 0xF;
                } else {
                    value |= Character.digit(c, 16);
                }
            }
            int mask = ~wild;
            if (p.substring(0, 4).indexOf('x') >= 0) {
                mask |= 0x00010000;   // repeating groups (50xx, 60xx, 7Fxx) are even groups only
            }
            boolean usOrSS = "US|SS".equals(f[1]);
            Entry e = new Entry(mask, value, wild, usOrSS ? VR.US : VR.valueOf(f[1]), usOrSS, f[2], "R".equals(f[3]),
                    f[4], f[5]);
            if (wild == 0) {
                EXACT.put(value, e);
                if (!e.keyword().isEmpty()) {
                    BY_KEYWORD.putIfAbsent(e.keyword(), value);
                }
            } else {
                PATTERNS.add(e);
            }
        }
    }

    private static Entry lookup(int tag) {
        Entry e = Holder.EXACT.get(tag);
        if (e != null) {
            return e;
        }
        for (Entry p : Holder.PATTERNS) {
            if ((tag & p.mask()) == p.value()) {
                return p;
            }
        }
        return null;
    }

    private static boolean isPrivateGroup(int tag) {
        return (tag & 0x00010000) != 0;
    }

    private static VR genericVR(int tag) {
        int element = tag & 0xFFFF;
        if (element == 0) {
            return VR.UL;                                  // group length
        }
        if (isPrivateGroup(tag) && element >= 0x0010 && element <= 0x00FF) {
            return VR.LO;                                  // private creator
        }
        return VR.UN;                                      // private data element or unknown
    }

    /** VR used when decoding implicit VR data; UN for unknown and private data elements. */
    public static VR vrOf(int tag) {
        Entry e = lookup(tag);
        return e != null ? e.vr() : genericVR(tag);
    }

    /**
     * Attributes listed as "US or SS": in implicit VR their VR follows Pixel Representation (0028,0103), signed when
     * it is 1.
     */
    public static boolean isUSorSS(int tag) {
        Entry e = lookup(tag);
        return e != null && e.usOrSS();
    }

    /**
     * VR of a tag that may belong to a private block reserved by {@code privateCreator}.
     * No private dictionaries are registered yet (they can be added later), so private data elements
     * resolve to UN; standard tags, group lengths and private creator elements resolve as in {@link #vrOf(int)}.
     */
    public static VR vrOf(int tag, String privateCreator) {
        return vrOf(tag);
    }

    /** Keyword such as "PatientName", or "" if the tag is not in the dictionary. */
    public static String keywordOf(int tag) {
        Entry e = lookup(tag);
        return e != null ? e.keyword() : "";
    }

    /** Name such as "Patient's Name", or "" if the tag is not in the dictionary. */
    public static String nameOf(int tag) {
        Entry e = lookup(tag);
        return e != null ? e.name() : "";
    }

    /** Value multiplicity such as "1-n", or "" if unknown. */
    public static String vmOf(int tag) {
        Entry e = lookup(tag);
        return e != null ? e.vm() : "";
    }

    /** True if the standard retired this attribute. */
    public static boolean isRetired(int tag) {
        Entry e = lookup(tag);
        return e != null && e.retired();
    }

    /** Tag for a keyword (for repeating groups the first tag, as in {@link Tag}), or -1 if unknown. */
    public static int tagForKeyword(String keyword) {
        Integer t = keyword == null ? null : Holder.BY_KEYWORD.get(keyword);
        return t != null ? t : -1;
    }
}
