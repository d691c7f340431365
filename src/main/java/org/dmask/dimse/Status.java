package org.dmask.dimse;

/** DIMSE status codes (PS3.7 Annex C, PS3.4 Annex B.2.3) used by C-ECHO and C-STORE. */
public final class Status {

    public static final int SUCCESS = 0x0000;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int NOT_AUTHORIZED = 0x0124;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    public static final int OUT_OF_RESOURCES = 0xA700;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    public static final int CANNOT_UNDERSTAND = 0xC000;
    public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    public static final int ELEMENTS_DISCARDED = 0xB006;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;

    private Status() {
    }

    public static boolean isSuccess(int s) {
        return s == SUCCESS;
    }

    public static boolean isWarning(int s) {
        return s == 0x0001 || (s & 0xF000) == 0xB000 || s == 0x0107 || s == 0x0116;
    }

    public static String describe(int s) {
        String text = switch (s) {
            case SUCCESS -> "Success";
            case SOP_CLASS_NOT_SUPPORTED -> "Refused: SOP class not supported";
            case NOT_AUTHORIZED -> "Refused: not authorized";
            case UNRECOGNIZED_OPERATION -> "Unrecognized operation";
            case DATA_SET_DOES_NOT_MATCH_SOP_CLASS -> "Error: data set does not match SOP class";
            case COERCION_OF_DATA_ELEMENTS -> "Warning: coercion of data elements";
            case ELEMENTS_DISCARDED -> "Warning: elements discarded";
            case DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING -> "Warning: data set does not match SOP class";
            default -> (s & 0xFF00) == 0xA700 ? "Refused: out of resources"
                    : (s & 0xF000) == 0xC000 ? "Error: cannot understand"
                    : isWarning(s) ? "Warning" : "Failure";
        };
        return String.format("%s (%04X)", text, s);
    }
}
