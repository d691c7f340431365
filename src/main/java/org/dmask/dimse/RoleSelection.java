package org.dmask.dimse;

/** SCP/SCU Role Selection sub-item (PS3.7 §D.3.3.4): which roles the requestor may take for one SOP class. */
public record RoleSelection(String sopClassUID, boolean scu, boolean scp) {
}
