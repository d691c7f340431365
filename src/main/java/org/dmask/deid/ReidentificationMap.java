package org.dmask.deid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional re-identification map: original <-> pseudonym pairs appended to a file, one line each, every line
 * encrypted on its own with AES-GCM (random 12-byte IV, 128-bit tag): base64(IV || ciphertext). Nothing in the file
 * is readable without the key; {@link #lookup} (the admin operation behind {@code dmask reid-lookup}) decrypts.
 */
public final class ReidentificationMap implements PseudonymListener {

    /** One pair. */
    public record Pair(String kind, String original, String pseudonym) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final SecretKeySpec key;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    public ReidentificationMap(Path file, byte[] key) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("the re-identification map key must be 16, 24 or 32 bytes");
        }
        this.file = file;
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    @Override
    public void mapped(String kind, String original, String pseudonym) {
        if (original == null || original.isEmpty() || !written.add(kind + '\t' + pseudonym)) {
            return;
        }
        String line = encrypt(kind + '\t' + original + '\t' + pseudonym) + "\n";
        synchronized (this) {
            try {
                Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the re-identification map " + file, e);
            }
        }
    }

    /** Every pair whose pseudonym (or original) equals the value. Fails on a line the key does not open. */
    public List<Pair> lookup(String value) throws IOException {
        List<Pair> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f;
            try {
                f = decrypt(line.strip()).split("\t", 3);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(file + ":" + n + ": cannot be decrypted with this key (wrong key or damaged)");
            }
            if (f.length == 3 && (f[2].equals(value) || f[1].equals(value))) {
                out.add(new Pair(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    private String encrypt(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, all, 0, iv.length);
            System.arraycopy(ct, 0, all, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM not available", e);
        }
    }

    private String decrypt(String line) throws GeneralSecurityException {
        byte[] all = Base64.getDecoder().decode(line);
        if (all.length < 12 + 16) {
            throw new GeneralSecurityException("too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
        return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    }
}
