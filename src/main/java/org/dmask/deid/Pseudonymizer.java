package org.dmask.deid;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed, deterministic pseudonyms: the same input under the same key always gives the same output, on any thread.
 * UIDs become {@code 2.25.} + the decimal of HMAC-SHA256(key, UID) cut to 128 bits (PS3.5 B.2: a UUID-derived UID).
 */
public final class Pseudonymizer {

    private static final char[] BASE32 = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final SecretKeySpec key;
    /** An initialised Mac per thread: Mac.getInstance and init cost more than the hash of a UID. */
    private final ThreadLocal<Mac> macs;

    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("a de-identification key needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 not available", e);
        }
    }

    public Pseudonymizer(String key) {
        this(key == null ? null : key.getBytes(StandardCharsets.UTF_8));
    }

    byte[] hmac(String domain, String value) {
        Mac mac = macs.get();
        mac.update(domain.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The pseudonym of a UID. The input is hashed as it stands (without padding), so "1.2" always maps alike. */
    public String uid(String uid) {
        byte[] h = macs.get().doFinal(uid.getBytes(StandardCharsets.US_ASCII));
        return "2.25." + new BigInteger(1, Arrays.copyOf(h, 16));
    }

    /** A short code (digits and capitals, no look-alikes) for a value in a domain, e.g. a patient ID. */
    public String code(String domain, String value, int length) {
        byte[] h = hmac(domain, value);
        StringBuilder sb = new StringBuilder(length);
        long bits = 0;
        int have = 0;
        int i = 0;
        while (sb.length() < length) {
            if (have < 5) {
                bits = (bits << 8) | (h[i++ % h.length] & 0xFF);
                have += 8;
            }
            sb.append(BASE32[(int) (bits >>> (have - 5)) & 31]);
            have -= 5;
        }
        return sb.toString();
    }

    /** A number in [min, max] derived from a value in a domain: the per-patient date shift. */
    public int inRange(String domain, String value, int min, int max) {
        byte[] h = hmac(domain, value);
        long span = (long) max - min + 1;
        long n = new BigInteger(1, Arrays.copyOf(h, 8)).mod(BigInteger.valueOf(span)).longValue();
        return (int) (min + n);
    }
}
