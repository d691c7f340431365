package org.dmask.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Specific Character Set (0008,0005) per PS3.3 C.12.1.1.2 and PS3.5 §6.1: the single-byte ISO_IR sets, ISO_IR 192
 * (UTF-8), GB18030, GBK, and ISO 2022 code extensions with escape sequences (Japanese IR 13/87/159, Korean IR 149,
 * Chinese IR 58 and the single-byte G1 sets). Decoding is lenient about the spelling of defined terms
 * ("ISO_2022_IR_6" is read as "ISO 2022 IR 6"), as archives are.
 */
public final class SpecificCharacterSet {

    /** One coded character set: how it is designated and how its bytes are decoded. */
    private enum Term {
        IR6("ISO 2022 IR 6", "US-ASCII", 0, "\u001b(B", false),
        IR100("ISO 2022 IR 100", "ISO-8859-1", 1, "\u001b-A", false),
        IR101("ISO 2022 IR 101", "ISO-8859-2", 1, "\u001b-B", false),
        IR109("ISO 2022 IR 109", "ISO-8859-3", 1, "\u001b-C", false),
        IR110("ISO 2022 IR 110", "ISO-8859-4", 1, "\u001b-D", false),
        IR144("ISO 2022 IR 144", "ISO-8859-5", 1, "\u001b-L", false),
        IR127("ISO 2022 IR 127", "ISO-8859-6", 1, "\u001b-G", false),
        IR126("ISO 2022 IR 126", "ISO-8859-7", 1, "\u001b-F", false),
        IR138("ISO 2022 IR 138", "ISO-8859-8", 1, "\u001b-H", false),
        IR148("ISO 2022 IR 148", "ISO-8859-9", 1, "\u001b-M", false),
        IR203("ISO 2022 IR 203", "ISO-8859-15", 1, "\u001b-b", false),
        IR166("ISO 2022 IR 166", "TIS-620", 1, "\u001b-T", false),
        /** JIS X 0201: katakana in G1; its Roman half goes into G0 with ESC ( J. */
        IR13("ISO 2022 IR 13", "JIS_X0201", 1, "\u001b)I", false),
        IR13_ROMAN("", "JIS_X0201", 0, "\u001b(J", false),
        IR87("ISO 2022 IR 87", "EUC-JP", 0, "\u001b$B", true),
        IR159("ISO 2022 IR 159", "EUC-JP", 0, "\u001b$(D", true),
        IR149("ISO 2022 IR 149", "EUC-KR", 1, "\u001b$)C", true),
        IR58("ISO 2022 IR 58", "GB2312", 1, "\u001b$)A", true);

        final String definedTerm;
        final Charset charset;
        final int g;
        final byte[] escape;
        final boolean twoByte;

        Term(String definedTerm, String charset, int g, String escape, boolean twoByte) {
            this.definedTerm = definedTerm;
            this.charset = Charset.forName(charset);
            this.g = g;
            this.escape = escape.getBytes(StandardCharsets.ISO_8859_1);
            this.twoByte = twoByte;
        }
    }

    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0], null, null);

    private final String[] codes;
    /** Character set without code extensions, or null when ISO 2022 is in use. */
    private final Charset single;
    /** ISO 2022 sets in the order of the attribute's values; the first gives the initial G0/G1. */
    private final Term[] extensions;

    private SpecificCharacterSet(String[] codes, Charset single, Term[] extensions) {
        this.codes = codes;
        this.single = single;
        this.extensions = extensions;
    }

    /** The character set for the values of (0008,0005). Unknown terms fall back to the default repertoire. */
    public static SpecificCharacterSet valueOf(String... values) {
        if (values == null || values.length == 0 || (values.length == 1 && values[0].isEmpty())) {
            return DEFAULT;
        }
        String first = normalise(values[0]);
        if (values.length == 1 && !first.startsWith("ISO 2022")) {
            Charset cs = singleCharset(first);
            return new SpecificCharacterSet(values.clone(), cs != null ? cs : StandardCharsets.ISO_8859_1, null);
        }
        List<Term> terms = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            String v = normalise(values[k]);
            if (v.isEmpty() && k == 0) {
                terms.add(Term.IR6);
                continue;
            }
            Term t = termOf(v);
            if (t != null) {
                terms.add(t);
                if (t == Term.IR13) {
                    terms.add(Term.IR13_ROMAN);
                }
            }
        }
        if (!terms.contains(Term.IR6)) {
            terms.add(Term.IR6);
        }
        return new SpecificCharacterSet(values.clone(), null, terms.toArray(new Term[0]));
    }

    /** Upper case, single spaces, underscores read as spaces: "ISO_IR_100" and "ISO IR 100" become "ISO IR 100". */
    private static String normalise(String term) {
        String t = term.trim().toUpperCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
        // The standard's single-byte terms are spelled "ISO_IR nnn"; keep one canonical form for lookup.
        return t;
    }

    private static Charset singleCharset(String term) {
        String n = term.replace("ISO IR ", "IR ");
        return switch (n) {
            case "IR 6" -> StandardCharsets.ISO_8859_1;
            case "IR 100" -> StandardCharsets.ISO_8859_1;
            case "IR 101" -> Charset.forName("ISO-8859-2");
            case "IR 109" -> Charset.forName("ISO-8859-3");
            case "IR 110" -> Charset.forName("ISO-8859-4");
            case "IR 144" -> Charset.forName("ISO-8859-5");
            case "IR 127" -> Charset.forName("ISO-8859-6");
            case "IR 126" -> Charset.forName("ISO-8859-7");
            case "IR 138" -> Charset.forName("ISO-8859-8");
            case "IR 148" -> Charset.forName("ISO-8859-9");
            case "IR 203" -> Charset.forName("ISO-8859-15");
            case "IR 13" -> Charset.forName("JIS_X0201");
            case "IR 166" -> Charset.forName("TIS-620");
            case "IR 192" -> StandardCharsets.UTF_8;
            case "GB18030" -> Charset.forName("GB18030");
            case "GBK" -> Charset.forName("GBK");
            default -> null;
        };
    }

    private static Term termOf(String term) {
        for (Term t : Term.values()) {
            if (!t.definedTerm.isEmpty() && t.definedTerm.equals(term)) {
                return t;
            }
        }
        return null;
    }

    public String[] definedTerms() {
        return codes.clone();
    }

    public boolean usesCodeExtensions() {
        return extensions != null;
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes a string value and splits it into values where the VR allows several; padding trimmed. */
    public String[] decode(byte[] raw, StringValueType type) {
        boolean multi = type.isMultiValued();
        String s;
        if (extensions != null) {
            s = decodeIso2022(raw, type.isPersonName());
        } else if (single == null) {
            s = new String(raw, StandardCharsets.ISO_8859_1);
        } else if (multi && single.name().startsWith("JIS")) {
            // JIS X 0201 maps 0x5C to the yen sign, yet it still separates values.
            List<String> parts = new ArrayList<>();
            int start = 0;
            for (int k = 0; k <= raw.length; k++) {
                if (k == raw.length || raw[k] == '\\') {
                    parts.add(type.trim(new String(raw, start, k - start, single)));
                    start = k + 1;
                }
            }
            return parts.toArray(new String[0]);
        } else {
            s = new String(raw, single);
        }
        if (!multi) {
            return new String[] {type.trim(s)};
        }
        String[] parts = s.split("\\\\", -1);
        for (int k = 0; k < parts.length; k++) {
            parts[k] = type.trim(parts[k]);
        }
        return parts;
    }

    private String decodeIso2022(byte[] raw, boolean personName) {
        Term initialG0 = initial(0);
        Term initialG1 = initial(1);
        Term g0 = initialG0;
        Term g1 = initialG1;
        StringBuilder out = new StringBuilder(raw.length);
        int k = 0;
        while (k < raw.length) {
            int b = raw[k] & 0xFF;
            if (b == 0x1B) {
                Term t = escapeAt(raw, k);
                if (t != null) {
                    if (t.g == 0) {
                        g0 = t;
                    } else {
                        g1 = t;
                    }
                    k += t.escape.length;
                } else {
                    out.append('\uFFFD');
                    k++;
                }
                continue;
            }
            if (b < 0x80) {
                if (g0 != null && g0.twoByte && b >= 0x21 && b <= 0x7E && k + 1 < raw.length) {
                    out.append(decodeTwoByte(g0, b, raw[k + 1] & 0xFF));
                    k += 2;
                    continue;
                }
                if (g0 == Term.IR13_ROMAN && b != '\\') {
                    out.append(new String(raw, k, 1, Term.IR13_ROMAN.charset));
                } else {
                    out.append((char) b);
                }
                if (b == '\\' || b == '\r' || b == '\n' || b == '\f' || b == '\t'
                        || (personName && (b == '^' || b == '='))) {
                    g0 = initialG0;
                    g1 = initialG1;
                }
                k++;
                continue;
            }
            if (g1 == null) {
                out.append('\uFFFD');
                k++;
            } else if (g1.twoByte && k + 1 < raw.length) {
                out.append(new String(raw, k, 2, g1.charset));
                k += 2;
            } else {
                out.append(new String(raw, k, 1, g1.charset));
                k++;
            }
        }
        return out.toString();
    }

    /**
     * The set designated at the start of a value, and again after each delimiter: only the first value of
     * (0008,0005) counts (PS3.5 §6.1.2.5.3); an empty first value means ASCII in G0 and nothing in G1.
     */
    private Term initial(int g) {
        Term first = extensions[0];
        if (first == Term.IR13) {
            return g == 0 ? Term.IR13_ROMAN : Term.IR13;
        }
        if (first.g == g) {
            return first;
        }
        return g == 0 ? Term.IR6 : null;
    }

    private Term escapeAt(byte[] raw, int k) {
        for (Term t : extensions) {
            if (regionMatches(raw, k, t.escape)) {
                return t;
            }
        }
        // Designating ASCII into G0 is always allowed, even when not listed.
        return regionMatches(raw, k, Term.IR6.escape) ? Term.IR6 : null;
    }

    private static boolean regionMatches(byte[] raw, int k, byte[] seq) {
        if (k + seq.length > raw.length) {
            return false;
        }
        for (int i = 0; i < seq.length; i++) {
            if (raw[k + i] != seq[i]) {
                return false;
            }
        }
        return true;
    }

    /** JIS X 0208 / 0212 in G0 are decoded through their EUC-JP form (high bit set; 0x8F prefix for 0212). */
    private static String decodeTwoByte(Term t, int b1, int b2) {
        byte[] euc = t == Term.IR159
                ? new byte[] {(byte) 0x8F, (byte) (b1 | 0x80), (byte) (b2 | 0x80)}
                : new byte[] {(byte) (b1 | 0x80), (byte) (b2 | 0x80)};
        return new String(euc, t.charset);
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes a value (several values already joined with backslash) in this character set. */
    public byte[] encode(String value, StringValueType type) {
        if (extensions == null) {
            Charset cs = single != null ? single : StandardCharsets.ISO_8859_1;
            return value.getBytes(cs);
        }
        return encodeIso2022(value, type.isPersonName());
    }

    private byte[] encodeIso2022(String value, boolean personName) {
        Term initialG0 = initial(0);
        Term initialG1 = initial(1);
        Term g0 = initialG0;
        Term g1 = initialG1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() * 2);
        for (int k = 0; k < value.length(); ) {
            int cp = value.codePointAt(k);
            k += Character.charCount(cp);
            if (cp < 0x80) {
                // JIS X 0201 Roman (G0 of ISO 2022 IR 13) equals ASCII except at 0x5C and 0x7E: stay in it, and
                // return to it rather than to ASCII, so the value-1 set is active before delimiters (PS3.5 6.1.2.5.3).
                boolean roman = cp != 0x5C && cp != 0x7E;
                if (g0 != Term.IR6 && !(g0 == Term.IR13_ROMAN && roman)) {
                    Term target = initialG0 == Term.IR13_ROMAN && roman ? Term.IR13_ROMAN : Term.IR6;
                    out.writeBytes(target.escape);
                    g0 = target;
                }
                out.write(cp);
                if (cp == '\\' || cp == '\r' || cp == '\n' || cp == '\f' || cp == '\t'
                        || (personName && (cp == '^' || cp == '='))) {
                    // The reader falls back to the initial sets here by itself; no escape is needed.
                    g0 = initialG0;
                    g1 = initialG1;
                }
                continue;
            }
            String ch = new String(Character.toChars(cp));
            Term used = null;
            byte[] bytes = null;
            for (Term t : extensions) {
                if (t == Term.IR6 || t == Term.IR13_ROMAN) {
                    continue;
                }
                bytes = encodeWith(t, ch);
                if (bytes != null) {
                    used = t;
                    break;
                }
            }
            if (used == null) {
                out.write('?');
                continue;
            }
            if (used.g == 0) {
                if (g0 != used) {
                    out.writeBytes(used.escape);
                    g0 = used;
                }
            } else if (g1 != used) {
                out.writeBytes(used.escape);
                g1 = used;
            }
            out.writeBytes(bytes);
        }
        if (g0 != initialG0) {
            out.writeBytes(initialG0.escape);
        }
        return out.toByteArray();
    }

    /** Bytes of one character in a set as they appear after its escape sequence; null when it cannot be encoded. */
    private static byte[] encodeWith(Term t, String ch) {
        CharsetEncoder enc = t.charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] b;
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(ch));
            b = Arrays.copyOf(bb.array(), bb.limit());
        } catch (CharacterCodingException e) {
            return null;
        }
        switch (t) {
            case IR87:
                return b.length == 2 && (b[0] & 0xFF) >= 0xA1 ? new byte[] {(byte) (b[0] & 0x7F), (byte) (b[1] & 0x7F)} : null;
            case IR159:
                return b.length == 3 && (b[0] & 0xFF) == 0x8F ? new byte[] {(byte) (b[1] & 0x7F), (byte) (b[2] & 0x7F)} : null;
            case IR149:
            case IR58:
                return b.length == 2 && (b[0] & 0xFF) >= 0xA1 ? b : null;
            default:
                return b.length == 1 && (b[0] & 0xFF) >= 0x80 ? b : null;
        }
    }

    @Override
    public String toString() {
        return codes.length == 0 ? "default repertoire" : String.join("\\", codes);
    }
}
