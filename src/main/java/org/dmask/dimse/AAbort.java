package org.dmask.dimse;

/** A-ABORT (PS3.8 §9.3.8): source 0 service user, 2 service provider; the reason only for the provider. */
public record AAbort(int source, int reason) {

    public static final int SOURCE_SERVICE_USER = 0;
    public static final int SOURCE_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int UNEXPECTED_PDU_PARAMETER = 5;
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    @Override
    public String toString() {
        String why = switch (reason) {
            case REASON_NOT_SPECIFIED -> "reason-not-specified";
            case UNRECOGNIZED_PDU -> "unrecognized-PDU";
            case UNEXPECTED_PDU -> "unexpected-PDU";
            case UNRECOGNIZED_PDU_PARAMETER -> "unrecognized-PDU-parameter";
            case UNEXPECTED_PDU_PARAMETER -> "unexpected-PDU-parameter";
            case INVALID_PDU_PARAMETER_VALUE -> "invalid-PDU-parameter-value";
            default -> "reason " + reason;
        };
        return "A-ABORT from " + (source == SOURCE_SERVICE_PROVIDER ? "service-provider" : "service-user") + ", " + why;
    }
}
