package org.dmask.dicom;

import java.nio.charset.StandardCharsets;

/**
 * The character string VRs (PS3.5 §6.2). The default-repertoire kinds split on backslash and read bytes as ISO
 * 8859-1; the others decode with the data set's Specific Character Set. Padding spaces (and NULs) are trimmed at
 * the end; leading spaces are trimmed too, except in LT, ST and UT, where they are significant (PS3.5 §6.2).
 */
public enum StringValueType implements ValueType {
    /** AE, AS, CS, DA, DT, TM: default repertoire, several values. */
    ASCII(false, true, false),
    /** UI: default repertoire, padded with NUL. */
    UID(false, true, false),
    /** IS: an integer string. */
    INTEGER_STRING(false, true, false) {
        @Override
        public int[] toInts(byte[] raw, boolean bigEndian) {
            String[] s = toStrings(raw, bigEndian, null);
            int[] out = new int[s.length];
            for (int k = 0; k < s.length; k++) {
                try {
                    out[k] = s[k].isEmpty() ? 0 : Integer.parseInt(s[k].startsWith("+") ? s[k].substring(1) : s[k]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("IS value '" + s[k] + "' is not an integer");
                }
            }
            return out;
        }

        @Override
        public double[] toDoubles(byte[] raw, boolean bigEndian) {
            return BinaryValueType.widen(toInts(raw, bigEndian), false);
        }

        @Override
        public byte[] toBytes(int[] values, boolean bigEndian) {
            return formatted(values);
        }
    },
    /** DS: a decimal string. */
    DECIMAL_STRING(false, true, false) {
        @Override
        public double[] toDoubles(byte[] raw, boolean bigEndian) {
            String[] s = toStrings(raw, bigEndian, null);
            double[] out = new double[s.length];
            for (int k = 0; k < s.length; k++) {
                try {
                    out[k] = s[k].isEmpty() ? 0 : Double.parseDouble(s[k]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("DS value '" + s[k] + "' is not a number");
                }
            }
            return out;
        }

        @Override
        public byte[] toBytes(int[] values, boolean bigEndian) {
            return formatted(values);
        }
    },
    /** LO, SH, UC: Specific Character Set, several values. */
    STRING(true, true, false),
    /** PN: Specific Character Set, several values, component groups switch character sets (PS3.5 §6.1.2.5.3). */
    PERSON_NAME(true, true, false),
    /** LT, ST, UT: Specific Character Set, one value in which a backslash is a character; leading spaces kept. */
    TEXT(true, false, true),
    /** UR: one value, leading spaces not significant. */
    URI(true, false, false);

    private final boolean specificCharacterSet;
    private final boolean multiValued;
    private final boolean leadingSpacesSignificant;

    StringValueType(boolean specificCharacterSet, boolean multiValued, boolean leadingSpacesSignificant) {
        this.specificCharacterSet = specificCharacterSet;
        this.multiValued = multiValued;
        this.leadingSpacesSignificant = leadingSpacesSignificant;
    }

    public boolean usesSpecificCharacterSet() {
        return specificCharacterSet;
    }

    public boolean isMultiValued() {
        return multiValued;
    }

    boolean isPersonName() {
        return this == PERSON_NAME;
    }

    /** Removes the padding this kind allows: trailing NULs and spaces, and leading spaces where insignificant. */
    public String trim(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (!leadingSpacesSignificant) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    @Override
    public String[] toStrings(byte[] raw, boolean bigEndian, SpecificCharacterSet cs) {
        if (specificCharacterSet) {
            return (cs != null ? cs : SpecificCharacterSet.DEFAULT).decode(raw, this);
        }
        String[] parts = new String(raw, StandardCharsets.ISO_8859_1).split("\\\\", -1);
        for (int k = 0; k < parts.length; k++) {
            parts[k] = trim(parts[k]);
        }
        return parts;
    }

    @Override
    public int[] toInts(byte[] raw, boolean bigEndian) {
        return new int[0];
    }

    @Override
    public double[] toDoubles(byte[] raw, boolean bigEndian) {
        return new double[0];
    }

    @Override
    public byte[] toBytes(String[] values, SpecificCharacterSet cs) {
        String joined = String.join("\\", values);
        return specificCharacterSet
                ? (cs != null ? cs : SpecificCharacterSet.DEFAULT).encode(joined, this)
                : joined.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] toBytes(int[] values, boolean bigEndian) {
        throw new UnsupportedOperationException();
    }

    byte[] formatted(int[] values) {
        String[] s = new String[values.length];
        for (int k = 0; k < values.length; k++) {
            s[k] = Integer.toString(values[k]);
        }
        return toBytes(s, null);
    }
}
