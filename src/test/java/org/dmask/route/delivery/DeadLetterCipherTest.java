package org.dmask.route.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dead letters' encryption: chunked AES-256-GCM gives the bytes back, across chunk boundaries and for an empty file;
 * a wrong key, a changed byte, a cut-short file, a dropped or swapped chunk are refused, never decrypted wrongly.
 */
class DeadLetterCipherTest {

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }

    private static byte[] encrypt(DeadLetterCipher c, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.encrypt(new ByteArrayInputStream(plain), out);
        return out.toByteArray();
    }

    @Test
    void roundTrips() throws Exception {
        DeadLetterCipher c = new DeadLetterCipher(key(1));
        for (int n : new int[] {0, 1, DeadLetterCipher.CHUNK - 1, DeadLetterCipher.CHUNK, DeadLetterCipher.CHUNK + 1,
                5 * DeadLetterCipher.CHUNK / 2}) {
            byte[] plain = new byte[n];
            new Random(n).nextBytes(plain);
            byte[] sealed = encrypt(c, plain);
            assertArrayEquals(plain, c.decrypt(sealed), n + " bytes");
            // Under 16 bytes a run of the random plaintext can turn up in the random ciphertext by chance.
            assertTrue(n < 16 || !contains(sealed, Arrays.copyOf(plain, Math.min(n, 64))), "no plaintext in it");
        }
    }

    @Test
    void refusesWhatWasChanged() throws Exception {
        DeadLetterCipher c = new DeadLetterCipher(key(1));
        byte[] plain = new byte[5 * DeadLetterCipher.CHUNK / 2]; // three chunks
        new Random(7).nextBytes(plain);
        byte[] sealed = encrypt(c, plain);
        int chunk = 4 + DeadLetterCipher.CHUNK + 16; // one full chunk with its length and tag

        assertThrows(IOException.class, () -> new DeadLetterCipher(key(2)).decrypt(sealed), "wrong key");
        byte[] flipped = sealed.clone();
        flipped[sealed.length / 2] ^= 1;
        assertThrows(IOException.class, () -> c.decrypt(flipped), "a changed byte");
        assertThrows(IOException.class, () -> c.decrypt(Arrays.copyOf(sealed, 16 + 2 * chunk)),
                "cut after the second chunk: its 'more follows' tag cannot pass as the last");
        byte[] dropped = new byte[sealed.length - chunk];
        System.arraycopy(sealed, 0, dropped, 0, 16);
        System.arraycopy(sealed, 16 + chunk, dropped, 16, sealed.length - 16 - chunk);
        assertThrows(IOException.class, () -> c.decrypt(dropped), "the first chunk dropped");
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, 16, swapped, 16 + chunk, chunk);
        System.arraycopy(sealed, 16 + chunk, swapped, 16, chunk);
        assertThrows(IOException.class, () -> c.decrypt(swapped), "two chunks swapped");
        IOException notOurs = assertThrows(IOException.class, () -> c.decrypt(plain));
        assertTrue(notOurs.getMessage().contains("not an encrypted dead letter"), notOurs.getMessage());
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
