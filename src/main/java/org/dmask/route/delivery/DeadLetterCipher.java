package org.dmask.route.delivery;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dead letters encrypted at rest: AES-256-GCM in chunks, so that neither writing nor reading holds a whole video in
 * memory. Format: the magic {@code DMASKDL1}, an 8-byte random prefix, then chunks of at most {@link #CHUNK} plaintext
 * bytes, each as a 4-byte big-endian ciphertext length and the GCM ciphertext with its 16-byte tag. Chunk {@code i}'s
 * nonce is the prefix followed by {@code i} (4 bytes); its additional data says whether it is the last chunk, so that
 * chunks cannot be reordered, dropped or the file cut short without the tag failing.
 */
public final class DeadLetterCipher {

    public static final String SUFFIX = ".enc";
    static final int CHUNK = 1 << 20;
    private static final byte[] MAGIC = "DMASKDL1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MORE = {0};
    private static final byte[] LAST = {1};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key 32 bytes (as a key file holds them) */
    public DeadLetterCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a dead-letter key is 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Encrypts all of {@code in} to {@code out}. */
    public void encrypt(InputStream in, OutputStream out) throws IOException {
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(prefix);
        out.write(MAGIC);
        out.write(prefix);
        byte[] chunk = in.readNBytes(CHUNK);
        int index = 0;
        while (true) {
            byte[] next = chunk.length < CHUNK ? new byte[0] : in.readNBytes(CHUNK);
            boolean last = next.length == 0;
            byte[] sealed = seal(Cipher.ENCRYPT_MODE, prefix, index++, last, chunk, chunk.length);
            out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
            out.write(sealed);
            if (last) {
                return;
            }
            chunk = next;
        }
    }

    /** Decrypts {@code in} to {@code out}; throws when the key is wrong or the file was changed or cut short. */
    public void decrypt(InputStream in, OutputStream out) throws IOException {
        DataInputStream data = new DataInputStream(in.markSupported() ? in : new java.io.BufferedInputStream(in));
        byte[] magic = new byte[MAGIC.length];
        byte[] prefix = new byte[8];
        try {
            data.readFully(magic);
            data.readFully(prefix);
        } catch (EOFException e) {
            throw new IOException("not an encrypted dead letter: too short");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an encrypted dead letter (no DMASKDL1 header)");
        }
        for (int index = 0; ; index++) {
            int length;
            try {
                length = data.readInt();
            } catch (EOFException e) {
                throw new IOException("encrypted dead letter cut short after chunk " + index);
            }
            if (length < 16 || length > CHUNK + 16) {
                throw new IOException("encrypted dead letter damaged: chunk " + index + " of " + length + " bytes");
            }
            byte[] sealed = new byte[length];
            data.readFully(sealed);
            boolean last = peekEnd(data);
            byte[] plain;
            try {
                plain = seal(Cipher.DECRYPT_MODE, prefix, index, last, sealed, sealed.length);
            } catch (IOException e) {
                throw new IOException("encrypted dead letter does not decrypt at chunk " + index
                        + " (wrong key, or the file was changed or cut short)", e);
            }
            out.write(plain);
            if (last) {
                return;
            }
        }
    }

    /** Whether the stream is at its end (reads one byte ahead). */
    private static boolean peekEnd(DataInputStream data) throws IOException {
        data.mark(1);
        int b = data.read();
        data.reset();
        return b < 0;
    }

    private byte[] seal(int mode, byte[] prefix, int index, boolean last, byte[] bytes, int length)
            throws IOException {
        byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(index).array();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(last ? LAST : MORE);
            return c.doFinal(bytes, 0, length);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IOException("authentication tag does not match", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM not available", e);
        }
    }

    /** Decrypts a whole (small) dead letter into memory: for tests and tools. */
    public byte[] decrypt(byte[] sealed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decrypt(new java.io.ByteArrayInputStream(sealed), out);
        return out.toByteArray();
    }
}
