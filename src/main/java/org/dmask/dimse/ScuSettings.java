package org.dmask.dimse;

/**
 * Where and how an SCU connects: the peer's host, port and called AE title, our calling AE title, limits, optional
 * TLS and an optional user identity to present.
 */
public record ScuSettings(String host, int port, String calledAET, String callingAET, AssociationLimits limits,
        TlsSettings tls, UserIdentity userIdentity) {

    public static ScuSettings of(String host, int port, String calledAET, String callingAET) {
        return new ScuSettings(host, port, calledAET, callingAET, AssociationLimits.defaults(), null, null);
    }

    public ScuSettings withTls(TlsSettings t) {
        return new ScuSettings(host, port, calledAET, callingAET, limits, t, userIdentity);
    }

    public ScuSettings withUserIdentity(UserIdentity id) {
        return new ScuSettings(host, port, calledAET, callingAET, limits, tls, id);
    }

    public ScuSettings withLimits(AssociationLimits l) {
        return new ScuSettings(host, port, calledAET, callingAET, l, tls, userIdentity);
    }
}
