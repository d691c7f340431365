package org.dmask.dimse;

/** A-ASSOCIATE-RJ (PS3.8 §9.3.4): result, source and reason, with the standard's names for them. */
public record AAssociateRJ(int result, int source, int reason) {

    public static final int REJECTED_PERMANENT = 1;
    public static final int REJECTED_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    // source 1 (service user)
    public static final int NO_REASON_GIVEN = 1;
    public static final int APP_CONTEXT_NAME_NOT_SUPPORTED = 2;
    public static final int CALLING_AET_NOT_RECOGNIZED = 3;
    public static final int CALLED_AET_NOT_RECOGNIZED = 7;
    // source 2 (ACSE)
    public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    // source 3 (presentation)
    public static final int TEMPORARY_CONGESTION = 1;
    public static final int LOCAL_LIMIT_EXCEEDED = 2;

    public static AAssociateRJ localLimitExceeded() {
        return new AAssociateRJ(REJECTED_TRANSIENT, SOURCE_SERVICE_PROVIDER_PRESENTATION, LOCAL_LIMIT_EXCEEDED);
    }

    @Override
    public String toString() {
        String r = result == REJECTED_PERMANENT ? "rejected-permanent" : result == REJECTED_TRANSIENT
                ? "rejected-transient" : "result " + result;
        String s = switch (source) {
            case SOURCE_SERVICE_USER -> "service-user";
            case SOURCE_SERVICE_PROVIDER_ACSE -> "service-provider (ACSE)";
            case SOURCE_SERVICE_PROVIDER_PRESENTATION -> "service-provider (presentation)";
            default -> "source " + source;
        };
        String why = switch (source * 100 + reason) {
            case 101 -> "no-reason-given";
            case 102 -> "application-context-name-not-supported";
            case 103 -> "calling-AE-title-not-recognized";
            case 107 -> "called-AE-title-not-recognized";
            case 201 -> "no-reason-given";
            case 202 -> "protocol-version-not-supported";
            case 301 -> "temporary-congestion";
            case 302 -> "local-limit-exceeded";
            default -> "reason " + reason;
        };
        return "A-ASSOCIATE-RJ " + r + ", " + s + ", " + why;
    }
}
