package org.dmask.model.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** npm's {@code dist.integrity}: Subresource Integrity, {@code sha512-} followed by the base64 digest. */
final class Integrity {

    private Integrity() {
    }

    /** The SRI sha512 string of a file. */
    static String of(Path file) throws IOException {
        MessageDigest md = sha512();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return "sha512-" + Base64.getEncoder().encodeToString(md.digest());
    }

    /** The first characters of an SRI string, enough to tell two apart in a message. */
    static String brief(String sri) {
        return sri.length() <= 20 ? sri : sri.substring(0, 20) + "…";
    }

    static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
