package org.dmask.deid;

/** Told of every original -> pseudonym pair made (for the optional re-identification map). */
@FunctionalInterface
public interface PseudonymListener {

    PseudonymListener NONE = (kind, original, pseudonym) -> { };

    /** @param kind "uid", "patient-id" or "patient-name" */
    void mapped(String kind, String original, String pseudonym);
}
