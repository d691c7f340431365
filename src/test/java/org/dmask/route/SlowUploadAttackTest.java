package org.dmask.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmask.admin.security.Roles;
import org.dmask.dicomweb.UploadLimits;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #28, HTTP side, against the running gateway over real sockets: 250 uploads that declare 1 GiB and stall
 * leave STOW-RS and health answering; a stalled upload is dropped after dmask.dicomweb.upload.idle-timeout, a slow
 * one after rate-window; the caps per source (429) and overall (503) answer at once with Retry-After. Afterwards no
 * .part file is left and the thread count is back at its baseline.
 */
@QuarkusTest
@SlowTest
@TestProfile(LimitsTestProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowUploadAttackTest {

    private static final int ATTACKERS = 250;
    private static final int ATTACK_SOURCES = 5;
    private static final Path CT = Path.of(System.getProperty("dmask.test.shared", "../shared"),
            "dicom-corpus/dev/pydicom__CT_small.dcm");
    private static final String CT_IUID = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
    private static final Path SPOOL = LimitsTestProfile.WORK.resolve("spool");

    @TestHTTPResource("/")
    URL base;
    @Inject
    GatewayService service;
    @Inject
    UploadLimits limits;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The Authorization header of the uploads: the legitimate sender's, and the attackers' (a sender gone bad). */
    static String authorization() {
        return LimitsTestProfile.USERS.basicHeader(Roles.SENDER);
    }

    @Test
    @Order(1)
    @Timeout(120)
    void slowUploadsLeaveStowAndHealthAnswering() throws Exception {
        service.startupCheck().awaitBackground(60_000);
        assertEquals(200, legitStow().statusCode(), "warm-up STOW-RS");
        Thread.sleep(3000); // worker threads of the warm-up end after keep-alive-time (2 s)
        int baseline = threads();

        AtomicInteger peak = new AtomicInteger(baseline);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(threads(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
        Random rnd = new Random(28);
        List<Socket> attack = new ArrayList<>();
        long attackStart = System.nanoTime();
        try {
            for (int i = 0; i < ATTACKERS; i++) {
                attack.add(AttackClients.startUpload("127.0.1." + (1 + i % ATTACK_SOURCES), port(),
                        AttackClients.ONE_GIB, 200, rnd, authorization()));
            }
            // The attack in place: every upload place held by a stalled upload spooling its first part.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (AttackClients.partFiles(SPOOL).size() < LimitsTestProfile.MAX_CONCURRENT
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(LimitsTestProfile.MAX_CONCURRENT, AttackClients.partFiles(SPOOL).size(), "stalled uploads");
            assertEquals(LimitsTestProfile.MAX_CONCURRENT, limits.active(), "uploads admitted");
            Thread.sleep(1200);

            long t0 = System.nanoTime();
            HttpResponse<String> stow = legitStow();
            long stowMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, stow.statusCode(), stow.body());
            assertTrue(stow.body().contains(CT_IUID), stow.body());
            assertTrue(stowMs < 5000, "STOW-RS during the attack took " + stowMs + " ms");

            t0 = System.nanoTime();
            HttpResponse<String> live = get("/q/health/live");
            HttpResponse<String> ready = get("/q/health/ready");
            long healthMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, live.statusCode(), live.body());
            assertTrue(ready.statusCode() == 200 || ready.statusCode() == 503, ready.statusCode() + " " + ready.body());
            assertTrue(ready.body().contains("dmask-gateway"), ready.body());
            assertTrue(healthMs < 5000, "health during the attack took " + healthMs + " ms");
            System.out.printf("slow-upload attack: %d connections; legitimate STOW-RS %d ms, health %d ms%n",
                    ATTACKERS, stowMs, healthMs);

            // Every attacker is refused at once or dropped by the idle timeout; none is answered 2xx.
            int refused = 0;
            int dropped = 0;
            for (Socket s : attack) {
                AttackClients.Answer a = AttackClients.awaitClose(s, attackStart,
                        (LimitsTestProfile.IDLE_TIMEOUT_S + 5) * 1000L);
                assertTrue(a.closedAfterMs() >= 0, "an attacker's connection still open: " + a);
                assertTrue(a.status() == -1 || a.status() == 429 || a.status() == 503, a.toString());
                if (a.status() == -1) {
                    dropped++;
                } else {
                    refused++;
                    assertTrue(a.header("retry-after") != null, a.head());
                }
            }
            System.out.printf("slow-upload attack: %d refused (429/503), %d admitted and dropped; peak threads %d,"
                    + " baseline %d%n", refused, dropped, peak.get(), baseline);
            assertTrue(refused >= ATTACKERS - LimitsTestProfile.MAX_CONCURRENT - ATTACK_SOURCES,
                    refused + " refused at once");
        } finally {
            attack.forEach(AttackClients::closeQuietly);
            sampler.shutdownNow();
        }
        assertTrue(peak.get() <= baseline + LimitsTestProfile.MAX_CONCURRENT + 16,
                "threads peaked at " + peak.get() + " from " + baseline);
        awaitNoUploadsLeft();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (threads() > baseline + 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(threads() <= baseline + 2, "threads " + threads() + ", baseline " + baseline);
        System.out.printf("slow-upload attack: threads back to %d (baseline %d)%n", threads(), baseline);
    }

    @Test
    @Order(2)
    @Timeout(60)
    void aStalledUploadIsDroppedAfterTheIdleTimeout() throws Exception {
        long t0 = System.nanoTime();
        Socket s = AttackClients.startUpload("127.0.1.9", port(), AttackClients.ONE_GIB, 200, new Random(1),
                authorization());
        try {
            AttackClients.Answer a = AttackClients.awaitClose(s, t0, 20_000);
            long idle = LimitsTestProfile.IDLE_TIMEOUT_S * 1000L;
            assertEquals(-1, a.status(), "dropped without an answer: " + a);
            assertTrue(a.closedAfterMs() >= idle - 300 && a.closedAfterMs() <= idle + 2000,
                    "dropped after " + a.closedAfterMs() + " ms, idle timeout " + idle + " ms");
            System.out.printf("a stalled upload dropped after %d ms (idle-timeout %d ms)%n", a.closedAfterMs(), idle);
        } finally {
            s.close();
        }
        awaitNoUploadsLeft();
    }

    @Test
    @Order(3)
    @Timeout(60)
    void anUploadUnderTheMinimumRateIsDroppedAfterTheRateWindow() throws Exception {
        long t0 = System.nanoTime();
        Socket s = AttackClients.startUpload("127.0.1.10", port(), AttackClients.ONE_GIB, 200, new Random(2),
                authorization());
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        OutputStream o = s.getOutputStream();
        byte[] bytes = new byte[64]; // 64 bytes every 250 ms: 256 bytes/s, far under min-rate (16K), never idle
        dribble.scheduleAtFixedRate(() -> {
            try {
                o.write(bytes);
                o.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        try {
            AttackClients.Answer a = AttackClients.awaitClose(s, t0, 20_000);
            long window = LimitsTestProfile.RATE_WINDOW_S * 1000L;
            assertEquals(-1, a.status(), "dropped without an answer: " + a);
            assertTrue(a.closedAfterMs() >= window - 300 && a.closedAfterMs() <= window + 2000,
                    "dropped after " + a.closedAfterMs() + " ms, rate window " + window + " ms");
            System.out.printf("an upload at 256 bytes/s dropped after %d ms (rate-window %d ms)%n", a.closedAfterMs(),
                    window);
        } finally {
            dribble.shutdownNow();
            s.close();
        }
        awaitNoUploadsLeft();
    }

    @Test
    @Order(4)
    @Timeout(60)
    void uploadsOverTheCapsAre429PerSourceAnd503Overall() throws Exception {
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        List<Socket> steady = new ArrayList<>();
        Random rnd = new Random(3);
        try {
            // Uploads at 40 KiB/s: slow, but over min-rate, so that none may be aborted to make room.
            for (int i = 0; i < LimitsTestProfile.MAX_PER_ADDRESS; i++) {
                steady.add(feed(feeder, AttackClients.startUpload("127.0.2.1", port(), AttackClients.ONE_GIB, 200,
                        rnd, authorization())));
            }
            awaitActive(LimitsTestProfile.MAX_PER_ADDRESS);
            long t0 = System.nanoTime();
            Socket over = AttackClients.startUpload("127.0.2.1", port(), AttackClients.ONE_GIB, 200, rnd,
                    authorization());
            AttackClients.Answer a = AttackClients.awaitClose(over, t0, 5000);
            assertEquals(429, a.status(), a.toString());
            assertEquals("10", a.header("retry-after"), a.head());
            assertTrue(a.head().contains("max-per-address"), a.head());
            over.close();
            // Another source is not held back by that one.
            assertEquals(200, legitStow().statusCode());

            for (int i = LimitsTestProfile.MAX_PER_ADDRESS; i < LimitsTestProfile.MAX_CONCURRENT; i++) {
                steady.add(feed(feeder, AttackClients.startUpload("127.0.3." + (i % 4 + 1), port(),
                        AttackClients.ONE_GIB, 200, rnd, authorization())));
            }
            awaitActive(LimitsTestProfile.MAX_CONCURRENT);
            t0 = System.nanoTime();
            over = AttackClients.startUpload("127.0.3.9", port(), AttackClients.ONE_GIB, 200, rnd, authorization());
            a = AttackClients.awaitClose(over, t0, 5000);
            assertEquals(503, a.status(), a.toString());
            assertEquals("10", a.header("retry-after"), a.head());
            assertTrue(a.head().contains("max-concurrent"), a.head());
            over.close();
        } finally {
            feeder.shutdownNow();
            steady.forEach(AttackClients::closeQuietly);
        }
        awaitNoUploadsLeft();
    }

    private static Socket feed(ScheduledExecutorService feeder, Socket s) throws Exception {
        OutputStream o = s.getOutputStream();
        byte[] chunk = new byte[4096];
        feeder.scheduleAtFixedRate(() -> {
            try {
                o.write(chunk);
                o.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        return s;
    }

    private void awaitActive(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (limits.active() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, limits.active(), "uploads admitted");
    }

    /** No upload admitted, no .part file in the spool (the attack's are removed as they are dropped). */
    private void awaitNoUploadsLeft() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LimitsTestProfile.IDLE_TIMEOUT_S + 10);
        while ((limits.active() > 0 || !AttackClients.partFiles(SPOOL).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, limits.active(), "uploads still admitted");
        assertEquals(List.of(), AttackClients.partFiles(SPOOL), ".part files left in the spool");
    }

    private HttpResponse<String> legitStow() throws Exception {
        String boundary = "legit";
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(base + "dicomweb/studies"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        GatewayApplicationTest.multipart(boundary, Files.readAllBytes(CT))));
        if (authorization() != null) {
            rq.header("Authorization", authorization());
        }
        return http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** From the management interface (health), on 127.0.0.1. */
    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + TestUsers.managementPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int port() {
        return base.getPort();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
