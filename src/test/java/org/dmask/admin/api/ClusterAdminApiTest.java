package org.dmask.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmask.admin.security.Roles;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.route.GatewayService;
import org.dmask.testing.KafkaBroker;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API of a node in cluster mode ({@code dmask.cluster.jobs=kafka}, a real broker in its own JVM): a CT sent
 * while storescp is down becomes a dead letter in the shared object store; {@code /api/dead-letters} lists it with its
 * reasons, a retry after storescp started delivers it and empties the store's dead-letter area; another one is
 * deleted (404 after) and both actions are in the audit trail with the operator's name.
 */
@QuarkusTest
@TestProfile(ClusterAdminApiTest.Profile.class)
@PeerTest
class ClusterAdminApiTest {

    static final Path WORK = Path.of("target", "cluster-admin-api-test-" + ProcessHandle.current().pid())
            .toAbsolutePath();
    static final Path OBJECTS = WORK.resolve("objects");
    static final Path RECEIVED = WORK.resolve("storescp");
    static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));

    /** The storescp port: one free port, kept in a file (Quarkus may load the profile and the test twice). */
    static synchronized int port() {
        Path f = WORK.resolve("storescp.port");
        try {
            if (Files.exists(f)) {
                return Integer.parseInt(Files.readString(f).strip());
            }
            Files.createDirectories(WORK);
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            Files.writeString(f, Integer.toString(p));
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Kafka in KRaft mode in its own JVM, for the application's whole life in this test. */
    public static class Broker implements QuarkusTestResourceLifecycleManager {
        private KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            try {
                broker = KafkaBroker.start(WORK.resolve("kafka"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of("dmask.cluster.kafka.bootstrap-servers", broker.bootstrapServers());
        }

        @Override
        public void stop() {
            if (broker != null) {
                try {
                    broker.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(WORK);
                Files.writeString(WORK.resolve("rules.yaml"), """
                        targets:
                          pacs: dicom:DCMTK@127.0.0.1:%d?timeout=3000
                        rules:
                          - name: ct-to-pacs
                            deid: basic
                            targets: [pacs]
                        """.formatted(port()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> c = new HashMap<>(Map.of("dmask.route.autostart", "true",
                    "dmask.dimse.scp.spool-directory", WORK.resolve("spool").toString(),
                    "dmask.route.work-directory", WORK.resolve("store").toString(),
                    "dmask.route.rules", WORK.resolve("rules.yaml").toString(),
                    "dmask.audit.file", WORK.resolve("audit.jsonl").toString(),
                    "dmask.route.dead-letter-key-file", WORK.resolve("keys/dead-letters.key").toString(),
                    "dmask.route.redelivery.max-age", "1s",
                    "dmask.route.redelivery.initial-delay", "200ms",
                    "dmask.route.redelivery.max-delay", "500ms"));
            c.put("dmask.cluster.jobs", "kafka");
            c.put("dmask.cluster.object-store", OBJECTS.toString());
            c.put("dmask.cluster.kafka.topic-prefix", "api.");
            c.put("%test.dmask.dimse.scp.enabled", "true");
            c.put("%test.dmask.dimse.scp.port", "0");
            c.putAll(USERS.config());
            return c;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Broker.class));
        }
    }

    @Inject
    GatewayService service;

    static Process storescp;

    @AfterAll
    static void stopStorescp() throws InterruptedException {
        if (storescp != null) {
            storescp.destroy();
            if (!storescp.waitFor(10, TimeUnit.SECONDS)) {
                storescp.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void theSharedStoresDeadLettersAreListedRetriedAndDeletedThroughTheApi() throws Exception {
        Path first = AdminApiTest.copy("71");
        Path second = AdminApiTest.copy("72");
        service.gateway().ingestCopy(first, "test", "MODALITY1", "DMASK", "127.0.0.1");
        service.gateway().ingestCopy(second, "test", "MODALITY1", "DMASK", "127.0.0.1");
        JsonNode[] dead = {null};
        AdminApiTest.await(Duration.ofSeconds(40), "2 dead letters through the API", () -> {
            dead[0] = AdminApiTest.json(USERS.as(Roles.OPERATOR).queryParam("target", "pacs")
                    .get("/api/dead-letters").then().statusCode(200).extract().asString());
            return dead[0].size() == 2;
        });
        assertEquals(4, files(OBJECTS.resolve("dead-letters")).size(), "kept in the shared store: objects and reasons");
        assertEquals(List.of(), files(WORK.resolve("store/dead-letters")), "not in the node's own job store");
        JsonNode d = dead[0].get(0);
        assertTrue(d.get("encrypted").asBoolean(), d.toString());
        JsonNode reason = d.get("reasons").get(0);
        assertEquals("ct-to-pacs", reason.get("rule").asText(), d.toString());
        assertTrue(reason.get("reason").asText().contains("maximum age"), d.toString());
        String view = USERS.as(Roles.AUDITOR).get("/api/dead-letters/" + d.get("name").asText()).then()
                .statusCode(200).extract().asString();
        assertFalse(view.contains(AdminApiTest.sopInstanceUID(first)), view);
        assertFalse(view.contains(AdminApiTest.sopInstanceUID(second)), view);

        String deleted = dead[0].get(1).get("name").asText();
        USERS.as(Roles.OPERATOR).delete("/api/dead-letters/" + deleted).then().statusCode(200);
        USERS.as(Roles.OPERATOR).get("/api/dead-letters/" + deleted).then().statusCode(404);

        startStorescp();
        String retried = d.get("name").asText();
        JsonNode r = AdminApiTest.json(USERS.as(Roles.OPERATOR).post("/api/dead-letters/" + retried + "/retry")
                .then().statusCode(200).extract().asString());
        assertEquals(1, r.get("jobs").asInt(), r.toString());
        AdminApiTest.await(Duration.ofSeconds(40), "the retried CT at storescp", () -> files(RECEIVED).size() == 1);
        Attributes ds = AdminApiTest.read(files(RECEIVED).get(0));
        assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
        assertEquals(reason.get("instance").asText(), ds.getString(Tag.SOPInstanceUID), "the retried one");
        assertEquals(List.of(), files(OBJECTS.resolve("dead-letters")), "the store's dead-letter area is empty");
        AdminApiTest.await(Duration.ofSeconds(20), "the object to leave the store",
                () -> files(OBJECTS.resolve("objects")).isEmpty());
        assertEquals(0, AdminApiTest.json(USERS.as(Roles.OPERATOR).get("/api/dead-letters").then().statusCode(200)
                .extract().asString()).size());

        String audit = Files.readString(WORK.resolve("audit.jsonl"));
        assertTrue(audit.lines().anyMatch(l -> l.contains("dead-letters.delete") && l.contains(deleted)
                && l.contains("\"who\":\"operator\"")), audit);
        assertTrue(audit.lines().anyMatch(l -> l.contains("dead-letters.retry") && l.contains(retried)
                && l.contains("\"who\":\"operator\"")), audit);
    }

    static void startStorescp() throws IOException {
        Path bin = Peers.require("storescp", "dcmtk");
        Files.createDirectories(RECEIVED);
        storescp = new ProcessBuilder(bin.toString(), "-aet", "DCMTK", "-od", RECEIVED.toString(), "-fe", ".dcm",
                "+xa", Integer.toString(port())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve("storescp.log").toFile())).start();
        try {
            AdminApiTest.await(Duration.ofSeconds(10), "storescp listening", () -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port())) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
