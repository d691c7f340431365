package org.dmask.dimse;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.dmask.dicom.UID;

/** The SOP classes and transfer syntaxes known from the generated {@link UID} table. */
public final class SopClasses {

    private static final Set<String> STORAGE;
    private static final Set<String> TRANSFER_SYNTAXES;

    static {
        Set<String> storage = new TreeSet<>();
        Set<String> tss = new TreeSet<>();
        for (Field f : UID.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                continue;
            }
            String uid;
            try {
                uid = (String) f.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (UID.isTransferSyntax(uid)) {
                tss.add(uid);
            } else if (isStorage(uid, UID.nameOf(uid))) {
                storage.add(uid);
            }
        }
        STORAGE = Set.copyOf(storage);
        TRANSFER_SYNTAXES = Set.copyOf(tss);
    }

    private SopClasses() {
    }

    /** Storage SOP classes live under 1.2.840.10008.5.1.4 and are named "... Storage" (PS3.4 Annex B). */
    static boolean isStorage(String uid, String name) {
        return uid.startsWith("1.2.840.10008.5.1.4.") && name.contains("Storage") && !name.contains("Commitment")
                && !name.contains("Retrieve") && !name.contains("Query");
    }

    public static Set<String> storage() {
        return STORAGE;
    }

    public static boolean isStorage(String uid) {
        return STORAGE.contains(uid);
    }

    /** Verification plus every storage SOP class. */
    public static Set<String> defaultAccepted() {
        Set<String> s = new TreeSet<>(STORAGE);
        s.add(UID.VerificationSOPClass);
        return Set.copyOf(s);
    }

    public static Set<String> allTransferSyntaxes() {
        return TRANSFER_SYNTAXES;
    }
}
