package org.dmask.audit;

/** A PS3.15 A.5 AuditMessage ("DICOM Instances Transferred", 110104) for one event; the study by pseudonym only. */
final class AuditMessageXml {

    private AuditMessageXml() {
    }

    static String of(AuditEvent e) {
        // EventActionCode: C create (we received), R read (we sent); EventOutcomeIndicator 0 success, 4 minor failure.
        String action = e.type() == AuditEvent.Type.RECEIVE ? "C" : "R";
        String outcome = e.outcome() == AuditEvent.Outcome.SUCCESS ? "0" : "4";
        StringBuilder sb = new StringBuilder(512);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AuditMessage>");
        sb.append("<EventIdentification EventActionCode=\"").append(action).append("\" EventDateTime=\"")
                .append(e.when()).append("\" EventOutcomeIndicator=\"").append(outcome).append("\">")
                .append("<EventID csd-code=\"110104\" codeSystemName=\"DCM\" originalText=\"DICOM Instances Transferred\"/>")
                .append("</EventIdentification>");
        boolean received = e.type() == AuditEvent.Type.RECEIVE;
        participant(sb, e.who() == null ? "unknown" : e.who(), received, "110153", "Source Role ID");
        participant(sb, e.target() == null ? "dmask" : e.target(), !received, "110152", "Destination Role ID");
        sb.append("<AuditSourceIdentification AuditSourceID=\"dmask\"/>");
        if (e.study() != null) {
            sb.append("<ParticipantObjectIdentification ParticipantObjectID=\"").append(esc(e.study()))
                    .append("\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"3\">")
                    .append("<ParticipantObjectIDTypeCode csd-code=\"110180\" codeSystemName=\"DCM\" ")
                    .append("originalText=\"Study Instance UID\"/>")
                    .append("</ParticipantObjectIdentification>");
        }
        return sb.append("</AuditMessage>").toString();
    }

    private static void participant(StringBuilder sb, String id, boolean requestor, String role, String text) {
        sb.append("<ActiveParticipant UserID=\"").append(esc(id)).append("\" UserIsRequestor=\"")
                .append(requestor).append("\"><RoleIDCode csd-code=\"").append(role)
                .append("\" codeSystemName=\"DCM\" originalText=\"").append(text).append("\"/></ActiveParticipant>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
