package org.dmask.admin.security;

import java.security.SecureRandom;

/** Random passwords for the first start: {@value #LENGTH} characters of letters and digits, from SecureRandom. */
public final class PasswordGenerator {

    /** 24 characters of 62: about 143 bits. */
    public static final int LENGTH = 24;
    // no look-alikes are left out: the password is copied from a file, not typed from a screen
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordGenerator() {
    }

    /** {@code n} random bytes from the same SecureRandom. */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static char[] generate() {
        char[] p = new char[LENGTH];
        for (int i = 0; i < p.length; i++) {
            p[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return p;
    }
}
