package org.dmask.dicom;

/**
 * Value Representations (PS3.5 §6.2). Each constant carries its own encoding facts so that codec code asks the VR
 * instead of switching on it: the explicit VR header length, the padding byte, how bytes are swapped between little
 * and big endian, and its {@link ValueType}, which turns value bytes into strings and numbers and back.
 */
public enum VR {
    AE(Kind.STRING, false, ' ', 0, StringValueType.ASCII),
    AS(Kind.STRING, false, ' ', 0, StringValueType.ASCII),
    AT(Kind.BINARY, false, 0, 2, BinaryValueType.TAG),
    CS(Kind.STRING, false, ' ', 0, StringValueType.ASCII),
    DA(Kind.STRING, false, ' ', 0, StringValueType.ASCII),
    DS(Kind.STRING, false, ' ', 0, StringValueType.DECIMAL_STRING),
    DT(Kind.STRING, false, ' ', 0, StringValueType.ASCII),
    FD(Kind.BINARY, false, 0, 8, BinaryValueType.DOUBLE),
    FL(Kind.BINARY, false, 0, 4, BinaryValueType.FLOAT),
    IS(Kind.STRING, false, ' ', 0, StringValueType.INTEGER_STRING),
    LO(Kind.TEXT_MULTI, false, ' ', 0, StringValueType.STRING),
    LT(Kind.TEXT, false, ' ', 0, StringValueType.TEXT),
    OB(Kind.BINARY, true, 0, 1, BinaryValueType.OPAQUE),
    OD(Kind.BINARY, true, 0, 8, BinaryValueType.OPAQUE),
    OF(Kind.BINARY, true, 0, 4, BinaryValueType.OPAQUE),
    OL(Kind.BINARY, true, 0, 4, BinaryValueType.OPAQUE),
    OV(Kind.BINARY, true, 0, 8, BinaryValueType.OPAQUE),
    OW(Kind.BINARY, true, 0, 2, BinaryValueType.OPAQUE),
    PN(Kind.TEXT_MULTI, false, ' ', 0, StringValueType.PERSON_NAME),
    SH(Kind.TEXT_MULTI, false, ' ', 0, StringValueType.STRING),
    SL(Kind.BINARY, false, 0, 4, BinaryValueType.SIGNED_LONG),
    SQ(Kind.SEQUENCE, true, 0, 0, SequenceValueType.SEQUENCE),
    SS(Kind.BINARY, false, 0, 2, BinaryValueType.SIGNED_SHORT),
    ST(Kind.TEXT, false, ' ', 0, StringValueType.TEXT),
    SV(Kind.BINARY, true, 0, 8, BinaryValueType.SIGNED_VERY_LONG),
    TM(Kind.STRING, false, ' ', 0, StringValueType.ASCII),
    UC(Kind.TEXT_MULTI, true, ' ', 0, StringValueType.STRING),
    UI(Kind.STRING, false, 0, 0, StringValueType.UID),
    UL(Kind.BINARY, false, 0, 4, BinaryValueType.UNSIGNED_LONG),
    UN(Kind.BINARY, true, 0, 1, BinaryValueType.OPAQUE),
    UR(Kind.TEXT, true, ' ', 0, StringValueType.URI),
    US(Kind.BINARY, false, 0, 2, BinaryValueType.UNSIGNED_SHORT),
    UT(Kind.TEXT, true, ' ', 0, StringValueType.TEXT),
    UV(Kind.BINARY, true, 0, 8, BinaryValueType.UNSIGNED_VERY_LONG),
    /** Items and delimitation items (FFFE,E000/E00D/E0DD), which carry no VR. */
    NONE(Kind.BINARY, false, 0, 1, BinaryValueType.OPAQUE);

    /** How the value bytes are interpreted. */
    public enum Kind {
        /** Character string in the default repertoire; values split on backslash. */
        STRING,
        /** Character string in the Specific Character Set; values split on backslash. */
        TEXT_MULTI,
        /** Character string in the Specific Character Set; a single value, backslash is a character. */
        TEXT,
        /** Binary numbers or bytes. */
        BINARY,
        /** Sequence of items. */
        SEQUENCE
    }

    private final Kind kind;
    private final boolean longHeader;
    private final int paddingByte;
    private final int swapUnit;
    private final int code;
    private final ValueType valueType;

    VR(Kind kind, boolean longHeader, int paddingByte, int swapUnit, ValueType valueType) {
        this.kind = kind;
        this.valueType = valueType;
        this.longHeader = longHeader;
        this.paddingByte = paddingByte;
        this.swapUnit = swapUnit;
        String n = name();
        this.code = n.length() == 2 ? (n.charAt(0) << 8) | n.charAt(1) : -1;
    }

    public Kind kind() {
        return kind;
    }

    /** How this VR's value bytes become strings and numbers, and back. */
    public ValueType valueType() {
        return valueType;
    }

    /** Header length in explicit VR: 12 bytes (2 reserved + 32-bit length) or 8 bytes (16-bit length). */
    public int explicitHeaderLength() {
        return longHeader ? 12 : 8;
    }

    public boolean hasLongHeader() {
        return longHeader;
    }

    /** Byte used to pad a value to even length: space for text, NUL for UI and binary. */
    public int paddingByte() {
        return paddingByte;
    }

    /** Size of the unit whose bytes are reversed between little and big endian (AT swaps as two 16-bit halves). */
    public int swapUnit() {
        return swapUnit;
    }

    public boolean isString() {
        return kind == Kind.STRING || kind == Kind.TEXT_MULTI || kind == Kind.TEXT;
    }

    /** Strings whose bytes are decoded with the Specific Character Set rather than the default repertoire. */
    public boolean usesSpecificCharacterSet() {
        return kind == Kind.TEXT_MULTI || kind == Kind.TEXT;
    }

    public boolean isMultiValued() {
        return kind == Kind.STRING || kind == Kind.TEXT_MULTI
                || (kind == Kind.BINARY && (!longHeader || this == SV || this == UV));
    }

    /** Bulk-capable: the OB/OW/OD/OF/OL/OV/UN family, which may hold large opaque data. */
    public boolean isBulkCapable() {
        return kind == Kind.BINARY && longHeader && this != SV && this != UV;
    }

    /** The two ASCII characters packed into 16 bits, as they appear in an explicit VR header. */
    public int code() {
        return code;
    }

    /** Looks up a VR by the 16-bit code read from an explicit VR header; null if it is not a valid VR. */
    public static VR fromCode(int code) {
        int c1 = (code >>> 8) & 0xFF;
        int c2 = code & 0xFF;
        if (c1 < 'A' || c1 > 'Z' || c2 < 'A' || c2 > 'Z') {
            return null;
        }
        return BY_CODE[(c1 - 'A') * 26 + (c2 - 'A')];
    }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            if (vr != NONE) {
                BY_CODE[(vr.name().charAt(0) - 'A') * 26 + (vr.name().charAt(1) - 'A')] = vr;
            }
        }
    }
}
