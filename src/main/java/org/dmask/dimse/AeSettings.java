package org.dmask.dimse;

import java.util.List;
import java.util.Set;

/**
 * What one called AE title of the SCP accepts: who may call it (calling AE titles, source addresses or CIDR ranges,
 * user names; an empty list means anyone), and which abstract and transfer syntaxes it accepts.
 */
public record AeSettings(List<String> allowedCallingAETs, List<String> allowedAddresses, List<String> allowedUsers,
        Set<String> sopClasses, Set<String> transferSyntaxes) {

    public AeSettings {
        allowedCallingAETs = List.copyOf(allowedCallingAETs);
        allowedAddresses = List.copyOf(allowedAddresses);
        allowedUsers = List.copyOf(allowedUsers);
        sopClasses = Set.copyOf(sopClasses);
        transferSyntaxes = Set.copyOf(transferSyntaxes);
    }

    /** Anyone may call; verification and every storage SOP class in every transfer syntax. */
    public static AeSettings acceptAll() {
        return new AeSettings(List.of(), List.of(), List.of(), SopClasses.defaultAccepted(),
                SopClasses.allTransferSyntaxes());
    }

    public AeSettings withAllowedCallingAETs(List<String> aets) {
        return new AeSettings(aets, allowedAddresses, allowedUsers, sopClasses, transferSyntaxes);
    }

    public AeSettings withAllowedAddresses(List<String> addresses) {
        return new AeSettings(allowedCallingAETs, addresses, allowedUsers, sopClasses, transferSyntaxes);
    }

    public AeSettings withAllowedUsers(List<String> users) {
        return new AeSettings(allowedCallingAETs, allowedAddresses, users, sopClasses, transferSyntaxes);
    }

    public AeSettings withSyntaxes(Set<String> sops, Set<String> tss) {
        return new AeSettings(allowedCallingAETs, allowedAddresses, allowedUsers, sops, tss);
    }
}
