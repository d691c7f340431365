package org.dmask.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConnectionLimits} on a real SCP with raw sockets from other loopback addresses: connections waiting for their
 * A-ASSOCIATE-RQ take no association slot and are closed after the request timeout; one source holds at most
 * max-per-address connections; one waiting connection more than max-pending closes the one that waited longest.
 */
class ConnectionLimitsTest {

    @TempDir
    Path tmp;
    StoreScp scp;
    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (scp != null) {
            scp.close();
        }
    }

    private void start(int maxAssociations, ConnectionLimits limits) throws IOException {
        scp = new StoreScp(ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool"))
                .withMaxAssociations(maxAssociations).withConnectionLimits(limits)).start();
    }

    private Socket idle(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", scp.port()), 2000);
        sockets.add(s);
        return s;
    }

    /** Milliseconds until the SCP closed the socket, or -1 when it is still open after {@code waitMs}. */
    private static long closedWithin(Socket s, long waitMs) throws IOException {
        long t0 = System.nanoTime();
        s.setSoTimeout((int) waitMs);
        try {
            int r = s.getInputStream().read();
            assertEquals(-1, r, "the SCP sent something to a connection that sent nothing");
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (SocketException e) {
            // reset: closed as well
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private int echo() throws IOException {
        return new StoreScu(ScuSettings.of("127.0.0.1", scp.port(), "DMASK", "TESTSCU")).echo();
    }

    @Test
    @Timeout(30)
    void waitingConnectionsTakeNoAssociationSlotAndEndAfterTheRequestTimeout() throws Exception {
        start(1, new ConnectionLimits(Duration.ofSeconds(1), 8, 4));
        long t0 = System.nanoTime();
        Socket a = idle("127.0.0.2");
        idle("127.0.0.2");
        idle("127.0.0.2");
        assertEquals(Status.SUCCESS, echo(), "the one association slot is free while three sockets wait");
        long closed = closedWithin(a, 3000);
        long sinceOpen = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(closed >= 0 && sinceOpen >= 900 && sinceOpen <= 2500,
                "closed " + sinceOpen + " ms after it opened (request-timeout 1 s)");
        assertEquals(0, scp.activeAssociations());
    }

    @Test
    @Timeout(30)
    void oneSourceHoldsAtMostMaxPerAddressConnections() throws Exception {
        start(4, new ConnectionLimits(Duration.ofSeconds(10), 8, 2));
        Socket first = idle("127.0.0.3");
        idle("127.0.0.3");
        Socket third = idle("127.0.0.3");
        long closed = closedWithin(third, 2000);
        assertTrue(closed >= 0 && closed < 1000, "the third connection of one source closed after " + closed + " ms");
        assertEquals(-1, closedWithin(first, 300), "the first two stay until their request timeout");
        assertEquals(Status.SUCCESS, echo(), "another source is not held back");
    }

    @Test
    @Timeout(30)
    void oneWaitingConnectionOverTheCapClosesTheOneThatWaitedLongest() throws Exception {
        start(4, new ConnectionLimits(Duration.ofSeconds(10), 3, 8));
        Socket oldest = idle("127.0.0.4");
        Thread.sleep(50);
        Socket second = idle("127.0.0.5");
        Thread.sleep(50);
        idle("127.0.0.6");
        Thread.sleep(50);
        assertEquals(3, scp.pendingConnections());
        idle("127.0.0.7");
        long closed = closedWithin(oldest, 2000);
        assertTrue(closed >= 0 && closed < 1000, "the oldest waiting connection closed after " + closed + " ms");
        assertEquals(-1, closedWithin(second, 300), "only the oldest is closed");
        assertEquals(Status.SUCCESS, echo(), "a client that sends its A-ASSOCIATE-RQ at once gets in");
    }
}
