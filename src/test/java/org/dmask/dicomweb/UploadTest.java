package org.dmask.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metering that UploadLimits judges an upload by: only time blocked in a read counts as waiting for the client;
 * the time between reads (the gateway storing a part) does not.
 */
class UploadTest {

    /** 1000 bytes per read, after a 200 ms wait each; 3 reads, then the end. */
    private static InputStream slowBody() {
        return new InputStream() {
            int reads;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (reads++ == 3) {
                    return -1;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return Math.min(len, 1000);
            }
        };
    }

    @Test
    @Timeout(10)
    void onlyTimeBlockedInAReadCountsAsWaiting() throws Exception {
        Upload u = new Upload(null, "127.0.0.1");
        assertFalse(u.started());
        InputStream in = u.meter(slowBody());
        byte[] buf = new byte[4096];
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertEquals(1000, in.read(buf, 0, buf.length));
            Thread.sleep(300); // the gateway's own work between reads
        }
        assertEquals(-1, in.read(buf, 0, buf.length));
        long elapsed = System.nanoTime() - t0;
        long waited = u.waited(System.nanoTime());
        assertTrue(u.started());
        assertTrue(u.bodyReceived());
        assertEquals(3000, u.bytes());
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(590) && waited < TimeUnit.MILLISECONDS.toNanos(900),
                "waited " + waited / 1_000_000 + " ms");
        assertTrue(elapsed - waited >= TimeUnit.MILLISECONDS.toNanos(890), "the 900 ms between reads not counted");
        assertEquals(0, u.currentWait(System.nanoTime()), "no read is waiting");
    }
}
