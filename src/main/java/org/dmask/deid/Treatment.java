package org.dmask.deid;

/** What happens to one element, once the table, the options and the profile's overrides have been weighed. */
enum Treatment {
    REMOVE,
    /** Zero-length value (an empty sequence for SQ). */
    EMPTY,
    /** A dummy value of the element's VR (for SQ: the items are kept and de-identified). */
    DUMMY,
    /** Kept (for SQ: the items are de-identified; inside cleaned content, text is cleaned). */
    KEEP,
    /**
     * An unlisted sequence: kept with its items de-identified (positions kept); removed when every item had values
     * other than codes and has none left ({@link UnlistedAttributePolicy}).
     */
    KEEP_ITEMS,
    /** Cleaned: dates shifted, identifiers taken out of text, sequences kept and cleaned throughout. */
    CLEAN,
    REMAP_UID,
    PATIENT_ID_PSEUDONYM,
    PATIENT_NAME_PSEUDONYM,
    /** The profile's own value (override "replace"). */
    REPLACE,
    /** A keyed hash of the value (override "hash"): a UID for UI, a short code otherwise. */
    HASH
}
