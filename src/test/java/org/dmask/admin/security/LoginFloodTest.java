package org.dmask.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmask.testing.SlowTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flood of wrong passwords against the admin API (each one a bcrypt check) while a sender uploads: the sender's
 * STOW-RS is answered within 5 s throughout, because its login was checked once and is taken again without bcrypt,
 * and the bcrypt checks run a few at a time. Fixed count, fixed time limit.
 */
@QuarkusTest
@TestProfile(HttpSecurityTest.Profile.class)
@SlowTest
class LoginFloodTest {

    private static final int FLOOD = 400;
    private static final int IN_FLIGHT = 64;

    @Test
    @Timeout(120)
    void wrongPasswordsDoNotStopALoggedInSender() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] body = HttpSecurityTest.ct();
        HttpRequest stow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicomweb/studies"))
                .header("Authorization", HttpSecurityTest.USERS.basicHeader("sender"))
                .header("Content-Type", HttpSecurityTest.TYPE).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertEquals(200, http.send(stow, HttpResponse.BodyHandlers.discarding()).statusCode(), "before the flood");

        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:not-the-password-at-all"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest guess = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                .header("Authorization", wrong).timeout(Duration.ofSeconds(60)).GET().build();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < IN_FLIGHT; lane++) {
            lanes.add(CompletableFuture.runAsync(() -> {
                while (sent.getAndIncrement() < FLOOD) {
                    try {
                        int code = http.send(guess, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (code == 401) {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // a dropped connection is a refusal too
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        List<Long> millis = new ArrayList<>();
        while (sent.get() < FLOOD) {
            long t0 = System.nanoTime();
            assertEquals(200, http.send(stow, HttpResponse.BodyHandlers.discarding()).statusCode(), "during");
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get();
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("login flood: %d wrong passwords refused; %d sender STOW-RS during it, median %d ms, "
                + "max %d ms%n", refused.get(), sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        assertEquals(FLOOD, refused.get(), "every guess refused");
        assertTrue(!millis.isEmpty() && millis.stream().allMatch(m -> m < 5000), "STOW-RS within 5 s: " + millis);
    }
}
