package org.dmask.dimse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmask.dicom.DicomOutputStream;

/**
 * The variable part shared by A-ASSOCIATE-RQ and A-ASSOCIATE-AC (PS3.8 §9.3.2, §9.3.3; PS3.7 Annex D): AE titles,
 * application context, presentation contexts and user information.
 */
public final class AAssociateRQAC {

    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    private final boolean request;
    private int protocolVersion = 1;
    private String calledAET = "";
    private String callingAET = "";
    private String applicationContext = DICOM_APPLICATION_CONTEXT;
    private final Map<Integer, PresentationContext> presentationContexts = new LinkedHashMap<>();
    private long maxPduLength;
    private String implementationClassUID = DicomOutputStream.IMPLEMENTATION_CLASS_UID;
    private String implementationVersionName = DicomOutputStream.IMPLEMENTATION_VERSION_NAME;
    private int maxOpsInvoked = -1;
    private int maxOpsPerformed = -1;
    private final List<RoleSelection> roleSelections = new ArrayList<>();
    private UserIdentity userIdentity;
    /** In an acceptance: the User Identity server response (present when the requestor asked for one). */
    private byte[] userIdentityResponse;

    public AAssociateRQAC(boolean request) {
        this.request = request;
    }

    public boolean isRequest() {
        return request;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public AAssociateRQAC protocolVersion(int v) {
        protocolVersion = v;
        return this;
    }

    public String calledAET() {
        return calledAET;
    }

    public AAssociateRQAC calledAET(String aet) {
        calledAET = checkAET(aet);
        return this;
    }

    public String callingAET() {
        return callingAET;
    }

    public AAssociateRQAC callingAET(String aet) {
        callingAET = checkAET(aet);
        return this;
    }

    private static String checkAET(String aet) {
        String t = aet.strip();
        if (t.isEmpty() || t.length() > 16 || !t.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\')) {
            throw new IllegalArgumentException("AE title must be 1 to 16 printable ASCII characters without '\\': '"
                    + aet + "'");
        }
        return t;
    }

    public String applicationContext() {
        return applicationContext;
    }

    public AAssociateRQAC applicationContext(String uid) {
        applicationContext = uid;
        return this;
    }

    public List<PresentationContext> presentationContexts() {
        return List.copyOf(presentationContexts.values());
    }

    public PresentationContext presentationContext(int id) {
        return presentationContexts.get(id);
    }

    public AAssociateRQAC addPresentationContext(PresentationContext pc) {
        if (pc.id() < 1 || pc.id() > 255 || (request && pc.id() % 2 == 0)) {
            throw new IllegalArgumentException("presentation context ID must be odd, 1 to 255: " + pc.id());
        }
        if (presentationContexts.putIfAbsent(pc.id(), pc) != null) {
            throw new IllegalArgumentException("presentation context ID " + pc.id() + " used twice");
        }
        return this;
    }

    /** Maximum length of the PDUs this side receives; 0 means no limit. */
    public long maxPduLength() {
        return maxPduLength;
    }

    public AAssociateRQAC maxPduLength(long length) {
        maxPduLength = length;
        return this;
    }

    public String implementationClassUID() {
        return implementationClassUID;
    }

    public AAssociateRQAC implementationClassUID(String uid) {
        implementationClassUID = uid;
        return this;
    }

    public String implementationVersionName() {
        return implementationVersionName;
    }

    public AAssociateRQAC implementationVersionName(String name) {
        implementationVersionName = name;
        return this;
    }

    /** Asynchronous Operations Window; -1 when the sub-item is absent. */
    public int maxOpsInvoked() {
        return maxOpsInvoked;
    }

    public int maxOpsPerformed() {
        return maxOpsPerformed;
    }

    public AAssociateRQAC asyncOpsWindow(int invoked, int performed) {
        maxOpsInvoked = invoked;
        maxOpsPerformed = performed;
        return this;
    }

    public List<RoleSelection> roleSelections() {
        return List.copyOf(roleSelections);
    }

    public AAssociateRQAC addRoleSelection(RoleSelection rs) {
        roleSelections.add(rs);
        return this;
    }

    public UserIdentity userIdentity() {
        return userIdentity;
    }

    public AAssociateRQAC userIdentity(UserIdentity id) {
        userIdentity = id;
        return this;
    }

    public byte[] userIdentityResponse() {
        return userIdentityResponse;
    }

    public AAssociateRQAC userIdentityResponse(byte[] response) {
        userIdentityResponse = response;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(request ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC");
        sb.append(" called=").append(calledAET).append(" calling=").append(callingAET)
                .append(" maxPdu=").append(maxPduLength).append(" impl=").append(implementationClassUID)
                .append(' ').append(implementationVersionName);
        for (PresentationContext pc : presentationContexts.values()) {
            sb.append("\n  pc ").append(pc.id()).append(request ? "" : " " + PresentationContext.resultText(pc.result()))
                    .append(' ').append(pc.abstractSyntax() == null ? "" : pc.abstractSyntax())
                    .append(' ').append(pc.transferSyntaxes());
        }
        return sb.toString();
    }
}
