package org.dmask.dicomweb;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one STOW-RS request, as PS3.18 §10.5.3 answers it: the Referenced SOP Sequence, the Failed SOP
 * Sequence with Failure Reasons (and, per failure, a reason for the Warning header), and the HTTP status.
 */
public final class StowResult {

    /** PS3.18 Table 10.5.3-3 failure reasons (PS3.4 C-STORE statuses). */
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int DOES_NOT_MATCH = 0xA900;
    public static final int CANNOT_UNDERSTAND = 0xC000;
    public static final int OUT_OF_RESOURCES = 0xA700;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;

    public record Stored(String sopClassUID, String sopInstanceUID) {
    }

    public record Failed(String sopClassUID, String sopInstanceUID, int reason, String why) {
    }

    public final List<Stored> stored = new ArrayList<>();
    public final List<Failed> failed = new ArrayList<>();

    /** 200 all stored, 202 some failed, 409 none stored (PS3.18 §10.5.3.1). */
    public int httpStatus() {
        if (failed.isEmpty()) {
            return 200;
        }
        return stored.isEmpty() ? 409 : 202;
    }

    /**
     * application/dicom+json (PS3.18 F.2) of the Store Instances Response Module (PS3.18 Table I.1-1). Retrieve URL is
     * Type 2: present, and empty unless {@code retrieveBase} (a Studies Retrieve base URL) is given, for dmask serves
     * no WADO-RS.
     */
    public String toJson(String retrieveBase) {
        StringBuilder sb = new StringBuilder("{");
        ur(sb, retrieveBase == null || stored.isEmpty() ? null : retrieveBase);
        if (!failed.isEmpty()) {
            sb.append(",\"00081198\":{\"vr\":\"SQ\",\"Value\":[");
            for (int i = 0; i < failed.size(); i++) {
                Failed f = failed.get(i);
                sb.append(i > 0 ? "," : "").append('{');
                ui(sb, "00081150", f.sopClassUID());
                ui(sb, "00081155", f.sopInstanceUID());
                sb.append("\"00081197\":{\"vr\":\"US\",\"Value\":[").append(f.reason()).append("]}}");
            }
            sb.append("]}");
        }
        if (!stored.isEmpty()) {
            sb.append(",\"00081199\":{\"vr\":\"SQ\",\"Value\":[");
            for (int i = 0; i < stored.size(); i++) {
                Stored s = stored.get(i);
                sb.append(i > 0 ? "," : "").append('{');
                ui(sb, "00081150", s.sopClassUID());
                ui(sb, "00081155", s.sopInstanceUID());
                ur(sb, null);
                sb.append('}');
            }
            sb.append("]}");
        }
        return sb.append('}').toString();
    }

    private static void ur(StringBuilder sb, String url) {
        sb.append("\"00081190\":{\"vr\":\"UR\"");
        if (url != null) {
            sb.append(",\"Value\":[\"").append(url.replace("\"", "")).append("\"]");
        }
        sb.append('}');
    }

    private static void ui(StringBuilder sb, String tag, String v) {
        if (v == null) {
            sb.append('"').append(tag).append("\":{\"vr\":\"UI\"},");
        } else {
            sb.append('"').append(tag).append("\":{\"vr\":\"UI\",\"Value\":[\"").append(v.replace("\"", ""))
                    .append("\"]},");
        }
    }
}
