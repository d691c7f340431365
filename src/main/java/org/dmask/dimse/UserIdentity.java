package org.dmask.dimse;

import java.nio.charset.StandardCharsets;

/**
 * User Identity negotiation sub-item of a request (PS3.7 §D.3.3.7). Types: 1 username, 2 username and passcode,
 * 3 Kerberos ticket, 4 SAML assertion, 5 JSON web token. The fields are kept as bytes and handed to access control.
 */
public record UserIdentity(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {

    public static final int USERNAME = 1;
    public static final int USERNAME_PASSCODE = 2;

    public static UserIdentity username(String name, boolean response) {
        return new UserIdentity(USERNAME, response, name.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    public static UserIdentity usernamePasscode(String name, String passcode, boolean response) {
        return new UserIdentity(USERNAME_PASSCODE, response, name.getBytes(StandardCharsets.UTF_8),
                passcode.getBytes(StandardCharsets.UTF_8));
    }

    /** The username for types 1 and 2, null otherwise. */
    public String username() {
        return type == USERNAME || type == USERNAME_PASSCODE ? new String(primaryField, StandardCharsets.UTF_8) : null;
    }

    public String passcode() {
        return type == USERNAME_PASSCODE ? new String(secondaryField, StandardCharsets.UTF_8) : null;
    }

    @Override
    public String toString() {
        return "UserIdentity[type=" + type + ", username=" + username() + "]";
    }
}
