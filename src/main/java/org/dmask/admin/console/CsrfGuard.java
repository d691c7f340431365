package org.dmask.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's synchronizer tokens. A browser gets a random nonce in an HttpOnly, SameSite=Strict cookie on its first
 * console page; the token is an HMAC over the user's name and that nonce under a key made at start-up. A page carries
 * the token in its forms and htmx headers; a state-changing request must send it back, and only a page of this
 * server, for this user and this browser, can know it. A restart makes a new key: old pages get a 403 and a reload
 * fixes it.
 *
 * <p>Why not {@code quarkus-rest-csrf}: it is not published for Quarkus 3.31.2, and its filter covers every REST
 * endpoint, so it would demand a token of STOW-RS and admin API clients too, which authenticate per request and have
 * no page to take one from.
 */
@ApplicationScoped
public class CsrfGuard {

    /** The cookie holding the browser's nonce. */
    public static final String COOKIE = "dmask-console-nonce";
    /** The header htmx sends the token in. */
    public static final String HEADER = "X-CSRF-Token";

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];

    public CsrfGuard() {
        random.nextBytes(key);
    }

    /** A new nonce for a browser that has none. */
    public String newNonce() {
        byte[] n = new byte[24];
        random.nextBytes(n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    }

    /** The token for this user and nonce. */
    public String token(String user, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** True when {@code presented} is this user's token for this nonce (compared in constant time). */
    public boolean valid(String user, String nonce, String presented) {
        if (user == null || nonce == null || nonce.isEmpty() || presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(user, nonce).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
