package org.dmask.deid;

/**
 * The action codes of PS3.15 Table E.1-1. The compound codes leave the choice to the attribute's type in the IOD;
 * {@link ElementPolicy} resolves them.
 */
public enum Action {
    /** Replace with a non-zero length dummy value consistent with the VR. */
    D("D"),
    /** Replace with a zero length value, or a dummy value. */
    Z("Z"),
    /** Remove. */
    X("X"),
    /** Keep (sequences are still de-identified item by item). */
    K("K"),
    /** Clean: replace with values of similar meaning known not to identify. */
    C("C"),
    /** Replace UIDs with non-zero length UIDs, consistently within the set of instances. */
    U("U"),
    Z_D("Z/D"),
    X_Z("X/Z"),
    X_D("X/D"),
    X_Z_D("X/Z/D"),
    /** X unless Z is required to keep the IOD valid, or U for sequences of UID references. */
    X_Z_U("X/Z/U*");

    private final String code;

    Action(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The action for a table code, or null for "-" (the option gives no action). */
    public static Action ofCode(String code) {
        if (code.equals("-")) {
            return null;
        }
        for (Action a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown Annex E action '" + code + "'");
    }
}
