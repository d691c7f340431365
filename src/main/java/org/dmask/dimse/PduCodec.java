package org.dmask.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the association PDUs of PS3.8 §9.3 (A-ASSOCIATE-RQ/AC/RJ, A-RELEASE-RQ/RP, A-ABORT). Every
 * item and sub-item length is checked against the bytes that enclose it; a violation is a {@link PduException}
 * naming the item and the A-ABORT reason that answers it.
 */
public final class PduCodec {

    public static final int A_ASSOCIATE_RQ = 0x01;
    public static final int A_ASSOCIATE_AC = 0x02;
    public static final int A_ASSOCIATE_RJ = 0x03;
    public static final int P_DATA_TF = 0x04;
    public static final int A_RELEASE_RQ = 0x05;
    public static final int A_RELEASE_RP = 0x06;
    public static final int A_ABORT = 0x07;

    private static final int APPLICATION_CONTEXT = 0x10;
    private static final int PRESENTATION_CONTEXT_RQ = 0x20;
    private static final int PRESENTATION_CONTEXT_AC = 0x21;
    private static final int ABSTRACT_SYNTAX = 0x30;
    private static final int TRANSFER_SYNTAX = 0x40;
    private static final int USER_INFORMATION = 0x50;
    private static final int MAX_LENGTH = 0x51;
    private static final int IMPLEMENTATION_CLASS_UID = 0x52;
    private static final int ASYNC_OPS_WINDOW = 0x53;
    private static final int ROLE_SELECTION = 0x54;
    private static final int IMPLEMENTATION_VERSION_NAME = 0x55;
    private static final int SOP_CLASS_EXTENDED = 0x56;
    private static final int SOP_CLASS_COMMON_EXTENDED = 0x57;
    private static final int USER_IDENTITY_RQ = 0x58;
    private static final int USER_IDENTITY_AC = 0x59;

    /** Longest UID (PS3.5 §9.1) and AE-title-like strings we accept inside items. */
    private static final int MAX_UID_LENGTH = 64;

    private PduCodec() {
    }

    public static String typeName(int type) {
        return switch (type) {
            case A_ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
            case A_ASSOCIATE_AC -> "A-ASSOCIATE-AC";
            case A_ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
            case P_DATA_TF -> "P-DATA-TF";
            case A_RELEASE_RQ -> "A-RELEASE-RQ";
            case A_RELEASE_RP -> "A-RELEASE-RP";
            case A_ABORT -> "A-ABORT";
            default -> String.format("unknown PDU type 0x%02X", type);
        };
    }

    // ------------------------------------------------------------------ encode

    public static byte[] encode(AAssociateRQAC a) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        u16(b, a.protocolVersion());
        u16(b, 0);
        aet(b, a.calledAET());
        aet(b, a.callingAET());
        b.writeBytes(new byte[32]);
        item(b, APPLICATION_CONTEXT, ascii(a.applicationContext()));
        for (PresentationContext pc : a.presentationContexts()) {
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.write(pc.id());
            p.write(0);
            p.write(a.isRequest() ? 0 : pc.result());
            p.write(0);
            if (a.isRequest()) {
                item(p, ABSTRACT_SYNTAX, ascii(pc.abstractSyntax()));
                for (String ts : pc.transferSyntaxes()) {
                    item(p, TRANSFER_SYNTAX, ascii(ts));
                }
            } else if (pc.transferSyntax() != null) {
                item(p, TRANSFER_SYNTAX, ascii(pc.transferSyntax()));
            }
            item(b, a.isRequest() ? PRESENTATION_CONTEXT_RQ : PRESENTATION_CONTEXT_AC, p.toByteArray());
        }
        ByteArrayOutputStream u = new ByteArrayOutputStream();
        item(u, MAX_LENGTH, ByteBuffer.allocate(4).putInt((int) a.maxPduLength()).array());
        item(u, IMPLEMENTATION_CLASS_UID, ascii(a.implementationClassUID()));
        if (a.maxOpsInvoked() >= 0) {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            u16(w, a.maxOpsInvoked());
            u16(w, a.maxOpsPerformed());
            item(u, ASYNC_OPS_WINDOW, w.toByteArray());
        }
        for (RoleSelection rs : a.roleSelections()) {
            ByteArrayOutputStream r = new ByteArrayOutputStream();
            byte[] uid = ascii(rs.sopClassUID());
            u16(r, uid.length);
            r.writeBytes(uid);
            r.write(rs.scu() ? 1 : 0);
            r.write(rs.scp() ? 1 : 0);
            item(u, ROLE_SELECTION, r.toByteArray());
        }
        if (a.implementationVersionName() != null && !a.implementationVersionName().isEmpty()) {
            item(u, IMPLEMENTATION_VERSION_NAME, ascii(a.implementationVersionName()));
        }
        if (a.isRequest() && a.userIdentity() != null) {
            UserIdentity id = a.userIdentity();
            ByteArrayOutputStream i = new ByteArrayOutputStream();
            i.write(id.type());
            i.write(id.positiveResponseRequested() ? 1 : 0);
            u16(i, id.primaryField().length);
            i.writeBytes(id.primaryField());
            u16(i, id.secondaryField().length);
            i.writeBytes(id.secondaryField());
            item(u, USER_IDENTITY_RQ, i.toByteArray());
        }
        if (!a.isRequest() && a.userIdentityResponse() != null) {
            ByteArrayOutputStream i = new ByteArrayOutputStream();
            u16(i, a.userIdentityResponse().length);
            i.writeBytes(a.userIdentityResponse());
            item(u, USER_IDENTITY_AC, i.toByteArray());
        }
        item(b, USER_INFORMATION, u.toByteArray());
        return pdu(a.isRequest() ? A_ASSOCIATE_RQ : A_ASSOCIATE_AC, b.toByteArray());
    }

    public static byte[] encode(AAssociateRJ rj) {
        return pdu(A_ASSOCIATE_RJ, new byte[] {0, (byte) rj.result(), (byte) rj.source(), (byte) rj.reason()});
    }

    public static byte[] encode(AAbort abort) {
        return pdu(A_ABORT, new byte[] {0, 0, (byte) abort.source(), (byte) abort.reason()});
    }

    public static byte[] releaseRQ() {
        return pdu(A_RELEASE_RQ, new byte[4]);
    }

    public static byte[] releaseRP() {
        return pdu(A_RELEASE_RP, new byte[4]);
    }

    private static byte[] pdu(int type, byte[] body) {
        ByteBuffer bb = ByteBuffer.allocate(6 + body.length);
        bb.put((byte) type).put((byte) 0).putInt(body.length).put(body);
        return bb.array();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException(String.format("item 0x%02X longer than 65535 bytes", type));
        }
        out.write(type);
        out.write(0);
        u16(out, value.length);
        out.writeBytes(value);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void aet(ByteArrayOutputStream out, String aet) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] s = ascii(aet);
        System.arraycopy(s, 0, b, 0, Math.min(16, s.length));
        out.writeBytes(b);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ decode

    /** Decodes the body (after the 6-byte PDU header) of an A-ASSOCIATE-RQ or -AC. */
    public static AAssociateRQAC decodeAssociate(byte[] body, boolean request) throws PduException {
        String pdu = request ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC";
        if (body.length < 68) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + " is " + body.length + " bytes long, shorter than its 68-byte fixed part");
        }
        ByteBuffer bb = ByteBuffer.wrap(body);
        AAssociateRQAC a = new AAssociateRQAC(request);
        a.protocolVersion(bb.getShort() & 0xFFFF);
        bb.getShort();
        String called = aetField(bb, pdu, "called AE title");
        String calling = aetField(bb, pdu, "calling AE title");
        if (request || !called.isEmpty()) {
            try {
                a.calledAET(called);
                a.callingAET(calling);
            } catch (IllegalArgumentException e) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + e.getMessage());
            }
        }
        bb.position(68);
        boolean appContext = false;
        boolean userInfo = false;
        while (bb.hasRemaining()) {
            int at = bb.position();
            int type = itemHeader(bb, pdu);
            int len = bb.getShort() & 0xFFFF;
            ByteBuffer value = slice(bb, len, pdu, String.format("item 0x%02X at byte %d", type, at + 6));
            switch (type) {
                case APPLICATION_CONTEXT -> {
                    a.applicationContext(uid(value, pdu, "application context name"));
                    appContext = true;
                }
                case PRESENTATION_CONTEXT_RQ, PRESENTATION_CONTEXT_AC -> {
                    if ((type == PRESENTATION_CONTEXT_RQ) != request) {
                        throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, String.format(
                                "%s: presentation context item type 0x%02X does not belong here", pdu, type));
                    }
                    PresentationContext pc = presentationContext(value, request, pdu);
                    if (a.presentationContext(pc.id()) != null) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                                pdu + ": presentation context ID " + pc.id() + " used twice");
                    }
                    if (request && pc.id() % 2 == 0) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                                pdu + ": presentation context ID " + pc.id() + " is even");
                    }
                    a.addPresentationContext(pc);
                }
                case USER_INFORMATION -> {
                    userInformation(value, a, pdu);
                    userInfo = true;
                }
                default -> throw new PduException(AAbort.UNRECOGNIZED_PDU_PARAMETER,
                        String.format("%s: unknown item type 0x%02X at byte %d", pdu, type, at + 6));
            }
        }
        if (!appContext) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + " has no application context item");
        }
        if (!userInfo) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + " has no user information item");
        }
        if (request && a.presentationContexts().isEmpty()) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + " proposes no presentation context");
        }
        return a;
    }

    private static int itemHeader(ByteBuffer bb, String pdu) throws PduException {
        if (bb.remaining() < 4) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": " + bb.remaining() + " stray bytes at byte " + (bb.position() + 6));
        }
        int type = bb.get() & 0xFF;
        bb.get();
        return type;
    }

    private static ByteBuffer slice(ByteBuffer bb, int len, String pdu, String what) throws PduException {
        if (len > bb.remaining()) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": " + what + " claims " + len + " bytes, only " + bb.remaining() + " remain");
        }
        ByteBuffer s = bb.slice();
        s.limit(len);
        bb.position(bb.position() + len);
        return s;
    }

    private static String aetField(ByteBuffer bb, String pdu, String what) throws PduException {
        byte[] b = new byte[16];
        bb.get(b);
        String s = new String(b, StandardCharsets.US_ASCII).strip();
        for (byte c : b) {
            if ((c < 0x20 && c != 0) || c >= 0x7F) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what + " has non-ASCII bytes");
            }
        }
        return s.replace("\0", "");
    }

    private static String uid(ByteBuffer v, String pdu, String what) throws PduException {
        if (v.remaining() == 0 || v.remaining() > MAX_UID_LENGTH) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": " + what + " is " + v.remaining() + " bytes long (1 to 64 allowed)");
        }
        byte[] b = new byte[v.remaining()];
        v.get(b);
        int end = b.length;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (!((b[i] >= '0' && b[i] <= '9') || b[i] == '.')) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                        pdu + ": " + what + " is not a UID: '" + printable(b, end) + "'");
            }
        }
        if (end == 0) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what + " is empty");
        }
        return new String(b, 0, end, StandardCharsets.US_ASCII);
    }

    private static String printable(byte[] b, int end) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end && i < 64; i++) {
            sb.append(b[i] >= 0x20 && b[i] < 0x7F ? (char) b[i] : '?');
        }
        return sb.toString();
    }

    private static PresentationContext presentationContext(ByteBuffer v, boolean request, String pdu)
            throws PduException {
        if (v.remaining() < 4) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": presentation context item too short");
        }
        int id = v.get() & 0xFF;
        v.get();
        int result = v.get() & 0xFF;
        v.get();
        String what = "presentation context " + id;
        if (id == 0) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": presentation context ID 0");
        }
        String abstractSyntax = null;
        List<String> tss = new ArrayList<>();
        while (v.hasRemaining()) {
            int type = itemHeader(v, pdu);
            int len = v.getShort() & 0xFFFF;
            ByteBuffer s = slice(v, len, pdu, what + " sub-item");
            if (type == ABSTRACT_SYNTAX && request) {
                if (abstractSyntax != null) {
                    throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what
                            + " has two abstract syntaxes");
                }
                abstractSyntax = uid(s, pdu, what + " abstract syntax");
            } else if (type == TRANSFER_SYNTAX) {
                if (tss.size() >= 64) {
                    throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what
                            + " proposes more than 64 transfer syntaxes");
                }
                tss.add(uid(s, pdu, what + " transfer syntax"));
            } else {
                throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER,
                        String.format("%s: %s has unexpected sub-item 0x%02X", pdu, what, type));
            }
        }
        if (request && (abstractSyntax == null || tss.isEmpty())) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": " + what + " lacks its abstract syntax or transfer syntaxes");
        }
        if (!request && result == PresentationContext.ACCEPTANCE && tss.size() != 1) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": accepted " + what + " must name exactly one transfer syntax");
        }
        if (!request && result > PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what + " has result " + result);
        }
        return new PresentationContext(id, request ? 0 : result, abstractSyntax, tss);
    }

    private static void userInformation(ByteBuffer v, AAssociateRQAC a, String pdu) throws PduException {
        boolean maxLength = false;
        while (v.hasRemaining()) {
            int type = itemHeader(v, pdu);
            int len = v.getShort() & 0xFFFF;
            ByteBuffer s = slice(v, len, pdu, String.format("user information sub-item 0x%02X", type));
            switch (type) {
                case MAX_LENGTH -> {
                    expectLength(s, 4, pdu, "maximum length sub-item");
                    a.maxPduLength(s.getInt() & 0xFFFFFFFFL);
                    maxLength = true;
                }
                case IMPLEMENTATION_CLASS_UID -> a.implementationClassUID(uid(s, pdu, "implementation class UID"));
                case IMPLEMENTATION_VERSION_NAME -> {
                    if (s.remaining() < 1 || s.remaining() > 16) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                                pdu + ": implementation version name must be 1 to 16 bytes");
                    }
                    byte[] b = new byte[s.remaining()];
                    s.get(b);
                    a.implementationVersionName(new String(b, StandardCharsets.US_ASCII).strip());
                }
                case ASYNC_OPS_WINDOW -> {
                    expectLength(s, 4, pdu, "asynchronous operations window sub-item");
                    a.asyncOpsWindow(s.getShort() & 0xFFFF, s.getShort() & 0xFFFF);
                }
                case ROLE_SELECTION -> {
                    if (s.remaining() < 4) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": role selection too short");
                    }
                    int ul = s.getShort() & 0xFFFF;
                    if (ul + 2 != s.remaining()) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                                pdu + ": role selection UID length " + ul + " does not fit its sub-item");
                    }
                    ByteBuffer u = s.slice();
                    u.limit(ul);
                    s.position(s.position() + ul);
                    String uid = uid(u, pdu, "role selection SOP class");
                    a.addRoleSelection(new RoleSelection(uid, s.get() != 0, s.get() != 0));
                }
                case USER_IDENTITY_RQ -> {
                    if (!a.isRequest()) {
                        throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, pdu + ": user identity request in AC");
                    }
                    a.userIdentity(userIdentity(s, pdu));
                }
                case USER_IDENTITY_AC -> {
                    if (a.isRequest() || s.remaining() < 2) {
                        throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, pdu + ": bad user identity response");
                    }
                    int rl = s.getShort() & 0xFFFF;
                    if (rl != s.remaining()) {
                        throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                                pdu + ": user identity response length does not fit");
                    }
                    byte[] r = new byte[rl];
                    s.get(r);
                    a.userIdentityResponse(r);
                }
                case SOP_CLASS_EXTENDED, SOP_CLASS_COMMON_EXTENDED -> {
                    // Accepted and ignored: storage needs no extended negotiation, and not answering means "none".
                }
                default -> {
                    // PS3.7 D.3.3: unknown user information sub-items are ignored.
                }
            }
        }
        if (!maxLength) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + " has no maximum length sub-item");
        }
    }

    private static UserIdentity userIdentity(ByteBuffer s, String pdu) throws PduException {
        if (s.remaining() < 6) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": user identity sub-item too short");
        }
        int type = s.get() & 0xFF;
        boolean response = s.get() != 0;
        byte[] primary = field(s, pdu, "user identity primary field");
        byte[] secondary = field(s, pdu, "user identity secondary field");
        if (s.hasRemaining() || type < 1 || type > 5 || primary.length == 0
                || (type == UserIdentity.USERNAME_PASSCODE && secondary.length == 0)) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": user identity of type " + type + " is malformed");
        }
        return new UserIdentity(type, response, primary, secondary);
    }

    private static byte[] field(ByteBuffer s, String pdu, String what) throws PduException {
        if (s.remaining() < 2) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what + " missing");
        }
        int len = s.getShort() & 0xFFFF;
        if (len > s.remaining()) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pdu + ": " + what + " overruns its sub-item");
        }
        byte[] b = new byte[len];
        s.get(b);
        return b;
    }

    private static void expectLength(ByteBuffer s, int n, String pdu, String what) throws PduException {
        if (s.remaining() != n) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    pdu + ": " + what + " is " + s.remaining() + " bytes, not " + n);
        }
    }

    public static AAssociateRJ decodeReject(byte[] body) throws PduException {
        if (body.length != 4) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-RJ is not 4 bytes long");
        }
        return new AAssociateRJ(body[1] & 0xFF, body[2] & 0xFF, body[3] & 0xFF);
    }

    public static AAbort decodeAbort(byte[] body) throws PduException {
        if (body.length != 4) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "A-ABORT is not 4 bytes long");
        }
        return new AAbort(body[2] & 0xFF, body[3] & 0xFF);
    }
}
