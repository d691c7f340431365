package org.dmask.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.dmask.dimse.StoreScp;
import org.dmask.testing.Peers;
import org.dmask.testing.PeerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #28, DICOM side, against the running gateway's SCP over real sockets: TCP connections that never send an
 * A-ASSOCIATE-RQ and reconnect when dropped take no association slot, are closed after
 * dmask.dimse.scp.request-timeout, and are capped per source (max-associations-per-address) and overall
 * (max-pending-connections, the longest waiting closed for a newer one); while they run, DCMTK echoscu and storescu
 * succeed within 5 s each, and the refusals of one source are logged once.
 */
@QuarkusTest
@PeerTest
@TestProfile(LimitsTestProfile.class)
class IdleSocketAttackTest {

    private static final int ATTACKERS = 64;
    private static final int SPREAD_ATTACKERS = 96;
    private static final int MAX_PER_ADDRESS = 16; // the default
    private static final int MAX_PENDING = 64; // the default
    private static final Path CT = Path.of(System.getProperty("dmask.test.shared", "../shared"),
            "dicom-corpus/dev/pydicom__CT_small.dcm");

    @Inject
    GatewayService service;

    @Test
    @Timeout(90)
    void idleSocketsFromOneSourceLeaveEchoAndStoreAnswering() throws Exception {
        service.startupCheck().awaitBackground(60_000);
        StoreScp scp = service.gateway().scp();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("127.0.0.2")) {
                    lines.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(StoreScp.class.getName());
        log.addHandler(capture);
        try (Attack attack = new Attack(scp.port(), ATTACKERS, i -> "127.0.0.2", 50)) {
            Thread.sleep((LimitsTestProfile.REQUEST_TIMEOUT_S + 1) * 1000L); // a first wave timed out, reconnected
            assertEquals(0, scp.activeAssociations(), "idle sockets hold association slots");
            assertTrue(scp.pendingConnections() <= MAX_PER_ADDRESS, "pending: " + scp.pendingConnections());
            legitimateEchoAndStore(scp.port());
            attack.stop();
            System.out.printf("idle-socket attack, one source: %d connections, %d dropped and reconnected, longest"
                    + " held %d ms%n", ATTACKERS, attack.drops.get(), attack.longestMs.get());
            assertTrue(attack.drops.get() >= ATTACKERS - MAX_PER_ADDRESS, "drops: " + attack.drops.get());
            assertTrue(attack.longestMs.get() <= LimitsTestProfile.REQUEST_TIMEOUT_S * 1000L + 1500,
                    "an idle connection was held " + attack.longestMs.get() + " ms");
        } finally {
            log.removeHandler(capture);
        }
        long perAddressLines = lines.stream().filter(l -> l.contains("max-associations-per-address")).count();
        assertEquals(1, perAddressLines, "one line for thousands of refusals: " + lines);
    }

    @Test
    @Timeout(90)
    void idleSocketsFromManySourcesLeaveEchoAndStoreAnswering() throws Exception {
        service.startupCheck().awaitBackground(60_000);
        StoreScp scp = service.gateway().scp();
        AtomicInteger peakPending = new AtomicInteger();
        try (Attack attack = new Attack(scp.port(), SPREAD_ATTACKERS, i -> "127.0.4." + (i + 1), 100)) {
            long end = System.nanoTime() + Duration.ofSeconds(LimitsTestProfile.REQUEST_TIMEOUT_S + 1).toNanos();
            while (System.nanoTime() < end) {
                peakPending.accumulateAndGet(scp.pendingConnections(), Math::max);
                Thread.sleep(10);
            }
            assertEquals(0, scp.activeAssociations(), "idle sockets hold association slots");
            legitimateEchoAndStore(scp.port());
            attack.stop();
            System.out.printf("idle-socket attack, %d sources: %d dropped and reconnected, at most %d waiting%n",
                    SPREAD_ATTACKERS, attack.drops.get(), peakPending.get());
            assertTrue(attack.drops.get() >= SPREAD_ATTACKERS - MAX_PENDING, "drops: " + attack.drops.get());
            assertTrue(peakPending.get() <= MAX_PENDING, "waiting connections peaked at " + peakPending.get());
        }
    }

    private static void legitimateEchoAndStore(int port) {
        Path echoscu = Peers.require("echoscu", "dcmtk");
        Path storescu = Peers.require("storescu", "dcmtk");
        long t0 = System.nanoTime();
        Peers.ProcessResult echo = Peers.run(Duration.ofSeconds(10), echoscu.toString(), "-aec", "DMASK",
                "-to", "5", "-ta", "5", "-td", "5", "127.0.0.1", Integer.toString(port));
        long echoMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, echo.exitCode(), echo.toString());
        assertTrue(echoMs < 5000, "C-ECHO took " + echoMs + " ms");
        t0 = System.nanoTime();
        Peers.ProcessResult store = Peers.run(Duration.ofSeconds(10), storescu.toString(), "-v", "-aec", "DMASK",
                "-to", "5", "-ta", "5", "-td", "5", "127.0.0.1", Integer.toString(port), CT.toString());
        long storeMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, store.exitCode(), store.toString());
        assertTrue(store.stderrUtf8().contains("Received Store Response (Success)"), store.stderrUtf8());
        assertTrue(storeMs < 5000, "C-STORE took " + storeMs + " ms");
        System.out.printf("during the attack: echoscu %d ms, storescu %d ms%n", echoMs, storeMs);
    }

    /** Connections that send nothing and reconnect {@code pauseMs} after the SCP drops them. */
    private static final class Attack implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger drops = new AtomicInteger();
        final AtomicLong longestMs = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();

        Attack(int port, int n, IntFunction<String> source, long pauseMs) {
            for (int i = 0; i < n; i++) {
                String from = source.apply(i);
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try (Socket s = AttackClients.connect(from, port)) {
                            open.add(s);
                            long t0 = System.nanoTime();
                            int r;
                            try {
                                r = s.getInputStream().read();
                            } catch (IOException e) {
                                r = -1;
                            }
                            open.remove(s);
                            if (running.get() && r == -1) {
                                drops.incrementAndGet();
                                longestMs.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                            }
                        } catch (IOException e) {
                            // refused or reset while connecting: try again
                        }
                        try {
                            Thread.sleep(pauseMs);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "idle-attacker-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            open.forEach(AttackClients::closeQuietly);
            for (Thread t : threads) {
                t.interrupt();
                t.join(5000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
