package org.dmask.dimse;

/** The outcome of association negotiation: an acceptance to send, or a rejection with why (for the log). */
public record AccessDecision(AAssociateRQAC acceptance, AAssociateRJ rejection, String why) {

    static AccessDecision accept(AAssociateRQAC ac) {
        return new AccessDecision(ac, null, null);
    }

    static AccessDecision reject(AAssociateRJ rj, String why) {
        return new AccessDecision(null, rj, why);
    }

    public boolean accepted() {
        return acceptance != null;
    }
}
