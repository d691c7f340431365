package org.dmask.dimse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Acceptor-side negotiation: checks protocol version, application context, the called AE title, the calling AE
 * title, the source address and the user identity against the called AE's {@link AeSettings}, then answers each
 * presentation context. Rejections carry the result/source/reason PS3.8 Table 9-21 names for the cause.
 */
public final class AssociationPolicy {

    private final Map<String, AeSettings> aeTitles;

    public AssociationPolicy(Map<String, AeSettings> aeTitles) {
        this.aeTitles = Map.copyOf(aeTitles);
    }

    public AccessDecision negotiate(AAssociateRQAC rq, InetAddress source) {
        if ((rq.protocolVersion() & 1) == 0) {
            return AccessDecision.reject(new AAssociateRJ(AAssociateRJ.REJECTED_PERMANENT,
                    AAssociateRJ.SOURCE_SERVICE_PROVIDER_ACSE, AAssociateRJ.PROTOCOL_VERSION_NOT_SUPPORTED),
                    "protocol version " + rq.protocolVersion() + " not supported");
        }
        if (!AAssociateRQAC.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return userReject(AAssociateRJ.APP_CONTEXT_NAME_NOT_SUPPORTED,
                    "application context " + rq.applicationContext() + " not supported");
        }
        AeSettings ae = aeTitles.get(rq.calledAET());
        if (ae == null) {
            return userReject(AAssociateRJ.CALLED_AET_NOT_RECOGNIZED, "called AE title " + rq.calledAET()
                    + " is not served here");
        }
        if (!ae.allowedCallingAETs().isEmpty() && !ae.allowedCallingAETs().contains(rq.callingAET())) {
            return userReject(AAssociateRJ.CALLING_AET_NOT_RECOGNIZED, "calling AE title " + rq.callingAET()
                    + " may not call " + rq.calledAET());
        }
        if (!ae.allowedAddresses().isEmpty() && ae.allowedAddresses().stream().noneMatch(a -> matches(a, source))) {
            return userReject(AAssociateRJ.NO_REASON_GIVEN, "address " + source.getHostAddress() + " may not call "
                    + rq.calledAET());
        }
        if (!ae.allowedUsers().isEmpty() && !userAllowed(ae.allowedUsers(), rq.userIdentity())) {
            return userReject(AAssociateRJ.NO_REASON_GIVEN, (rq.userIdentity() == null ? "no user identity"
                    : "user identity " + rq.userIdentity()) + " not accepted for " + rq.calledAET());
        }
        AAssociateRQAC ac = new AAssociateRQAC(false).calledAET(rq.calledAET()).callingAET(rq.callingAET());
        for (PresentationContext pc : rq.presentationContexts()) {
            ac.addPresentationContext(answer(pc, ae));
        }
        if (rq.maxOpsInvoked() >= 0) {
            ac.asyncOpsWindow(1, 1); // one outstanding operation each way
        }
        for (RoleSelection rs : rq.roleSelections()) {
            // We may be the SCP of storage/verification; we never act as SCU (no C-GET) towards the requestor.
            ac.addRoleSelection(new RoleSelection(rs.sopClassUID(), rs.scu(), false));
        }
        if (rq.userIdentity() != null && rq.userIdentity().positiveResponseRequested()) {
            ac.userIdentityResponse(new byte[0]); // username (and passcode) types have an empty server response
        }
        return AccessDecision.accept(ac);
    }

    private static AccessDecision userReject(int reason, String why) {
        return AccessDecision.reject(new AAssociateRJ(AAssociateRJ.REJECTED_PERMANENT,
                AAssociateRJ.SOURCE_SERVICE_USER, reason), why);
    }

    private static PresentationContext answer(PresentationContext pc, AeSettings ae) {
        if (!ae.sopClasses().contains(pc.abstractSyntax())) {
            return new PresentationContext(pc.id(), PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, null,
                    List.of(pc.transferSyntaxes().get(0)));
        }
        for (String ts : pc.transferSyntaxes()) {
            if (ae.transferSyntaxes().contains(ts)) {
                return new PresentationContext(pc.id(), PresentationContext.ACCEPTANCE, null, List.of(ts));
            }
        }
        return new PresentationContext(pc.id(), PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, null,
                List.of(pc.transferSyntaxes().get(0)));
    }

    /**
     * Allowed users are "name" (any or no passcode) or "name:sha256hex" (the passcode's SHA-256 must match, so
     * configuration never holds a passcode in clear).
     */
    static boolean userAllowed(List<String> allowed, UserIdentity id) {
        if (id == null || id.username() == null) {
            return false;
        }
        for (String entry : allowed) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? entry : entry.substring(0, colon);
            if (!name.equals(id.username())) {
                continue;
            }
            if (colon < 0) {
                return true;
            }
            if (id.passcode() != null && MessageDigest.isEqual(
                    HexFormat.of().parseHex(entry.substring(colon + 1).toLowerCase()), sha256(id.passcode()))) {
                return true;
            }
        }
        return false;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An exact address, or a CIDR range such as 10.0.0.0/8 or fd00::/8. */
    static boolean matches(String rule, InetAddress address) {
        try {
            int slash = rule.indexOf('/');
            InetAddress net = InetAddress.getByName(slash < 0 ? rule : rule.substring(0, slash));
            byte[] a = address.getAddress();
            byte[] n = net.getAddress();
            if (a.length != n.length) {
                return false;
            }
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(rule.substring(slash + 1));
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((a[i] & mask) != (n[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
