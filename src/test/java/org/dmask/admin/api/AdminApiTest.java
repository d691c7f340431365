package org.dmask.admin.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.admin.security.Roles;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.testing.Peers;
import org.dmask.route.GatewayService;
import org.dmask.testing.PeerTest;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admin API against the running gateway, with DCMTK storescp as the DICOM target {@code pacs} and a folder
 * archive: a CT sent while storescp is down becomes an (encrypted) dead letter, is listed, retried once storescp
 * runs and arrives there; a target's dead letters retried in bulk, one deleted; C-ECHO against a running and a
 * stopped storescp; pause keeps a job queued, resume delivers it; a target failing beyond
 * {@code dmask.route.target-degraded-after} makes readiness name it as degraded (still UP); rules validated (error
 * with its line), dry-run (which rule, which target), applied (the next object goes where the new rules say); the
 * admin actions are in the audit trail with the user; an auditor gets 403 on a retry, nobody 401.
 */
@QuarkusTest
@TestProfile(AdminApiTest.Profile.class)
@PeerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path WORK = Path.of("target", "admin-api-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final Path RECEIVED = WORK.resolve("storescp");
    static final Path ARCHIVE = WORK.resolve("archive");
    static final Path CT = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
    /** One user per role, named after it (admin, operator, auditor), logging in by HTTP Basic. */
    static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));

    /** The rules the test starts with: CTs to storescp, MRs to the folder archive. */
    static String rules() {
        return """
                targets:
                  pacs: dicom:DCMTK@127.0.0.1:%d?timeout=3000
                  archive: archive:%s
                rules:
                  - name: ct-to-pacs
                    match:
                      modality: CT
                    deid: basic
                    targets: [pacs]
                  - name: mr-to-archive
                    match:
                      modality: MR
                    deid: basic
                    targets: [archive]
                """.formatted(port(), ARCHIVE);
    }

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

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(WORK);
                Files.writeString(WORK.resolve("rules.yaml"), rules());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> c = new HashMap<>(Map.of("dmask.route.autostart", "true",
                    "dmask.dimse.scp.spool-directory", WORK.resolve("spool").toString(),
                    "dmask.route.work-directory", WORK.resolve("store").toString(),
                    "dmask.route.rules", WORK.resolve("rules.yaml").toString(),
                    "dmask.route.rules-check-interval", "1h",
                    "dmask.audit.file", WORK.resolve("audit.jsonl").toString(),
                    "dmask.route.dead-letter-key-file", WORK.resolve("keys/dead-letters.key").toString(),
                    "dmask.route.redelivery.max-age", "3s",
                    "dmask.route.redelivery.initial-delay", "300ms",
                    "dmask.route.redelivery.max-delay", "1s"));
            c.put("dmask.route.target-degraded-after", "2s");
            c.put("%test.dmask.dimse.scp.enabled", "true");
            c.put("%test.dmask.dimse.scp.port", "0");
            c.putAll(USERS.config());
            return c;
        }
    }

    @Inject
    GatewayService service;

    static Process storescp;
    static int copies;

    /** A request that logs in by HTTP Basic as the user named after the role. */
    static RequestSpecification as(String role) {
        return USERS.as(role);
    }

    @AfterAll
    static void stopStorescp() throws InterruptedException {
        stop();
    }

    @Test
    @Order(1)
    void deadLetterListedRetriedAndDelivered() throws Exception {
        Path ct = copy("1");
        ingest(ct);
        JsonNode dead = awaitDeadLetters("pacs", 1);
        JsonNode d = dead.get(0);
        String name = d.get("name").asText();
        assertTrue(d.get("encrypted").asBoolean(), d.toString());
        assertEquals("pacs", d.get("targets").get(0).asText());
        String reason = d.get("reasons").get(0).get("reason").asText();
        assertTrue(reason.contains("not delivered within the maximum age") && reason.contains("cannot connect"),
                reason);
        String one = as(Roles.OPERATOR).get("/api/dead-letters/" + name).then().statusCode(200).extract().asString();
        assertFalse(one.contains(sopInstanceUID(ct)), "no original UID in the view: " + one);
        as(Roles.OPERATOR).get("/api/dead-letters/nonexistent-letter").then().statusCode(404);

        start();
        JsonNode r = json(as(Roles.OPERATOR).post("/api/dead-letters/" + name + "/retry").then().statusCode(200)
                .extract().asString());
        assertEquals(1, r.get("jobs").asInt(), r.toString());
        await(Duration.ofSeconds(30), "the CT at storescp", () -> received().size() == 1);
        Attributes ds = read(received().get(0));
        assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved), "de-identified as the rule says");
        assertFalse(sopInstanceUID(ct).equals(ds.getString(Tag.SOPInstanceUID)));
        assertEquals(0, deadLetters("pacs").size(), "the dead letter is gone once queued again");

        // Recent objects: by the pseudonymous instance UID, delivered, never the original UID.
        String recent = as(Roles.OPERATOR).get("/api/objects/recent").then().statusCode(200).extract().asString();
        assertFalse(recent.contains(sopInstanceUID(ct)), recent);
        JsonNode objects = json(as(Roles.OPERATOR).queryParam("uid", ds.getString(Tag.SOPInstanceUID))
                .get("/api/objects/recent").then().statusCode(200).extract().asString());
        // Newest first: the retry, delivered; before it the first try, a dead letter.
        assertEquals(2, objects.size(), objects.toString());
        assertEquals("delivered", objects.get(0).get("outcome").asText(), objects.toString());
        assertEquals("dead letter", objects.get(1).get("outcome").asText(), objects.toString());
        assertEquals("ct-to-pacs", objects.get(0).get("rules").get(0).asText());
        assertTrue(objects.get(0).get("millis").asLong() >= 0);
    }

    @Test
    @Order(2)
    void bulkRetryAfterTheTargetCameBackAndDelete() throws Exception {
        stop();
        int before = received().size();
        for (String k : List.of("2", "3", "4")) {
            ingest(copy(k));
        }
        JsonNode dead = awaitDeadLetters("pacs", 3);
        String deleted = dead.get(0).get("name").asText();
        as(Roles.OPERATOR).delete("/api/dead-letters/" + deleted).then().statusCode(200);
        as(Roles.OPERATOR).get("/api/dead-letters/" + deleted).then().statusCode(404);
        assertEquals(2, deadLetters("pacs").size());

        start();
        JsonNode r = json(as(Roles.OPERATOR).post("/api/targets/pacs/dead-letters/retry").then().statusCode(200)
                .extract().asString());
        assertEquals(2, r.get("jobs").asInt(), r.toString());
        await(Duration.ofSeconds(30), "two more CTs at storescp", () -> received().size() == before + 2);
        assertEquals(0, deadLetters("pacs").size());
        as(Roles.OPERATOR).post("/api/dead-letters/retry").then().statusCode(400);
    }

    @Test
    @Order(3)
    void echoAgainstARunningAndAStoppedStorescp() throws Exception {
        start();
        JsonNode ok = json(as(Roles.OPERATOR).post("/api/targets/pacs/echo").then().statusCode(200).extract()
                .asString());
        assertTrue(ok.get("success").asBoolean(), ok.toString());
        assertEquals(0, ok.get("status").asInt());
        stop();
        JsonNode down = json(as(Roles.OPERATOR).post("/api/targets/pacs/echo").then().statusCode(200).extract()
                .asString());
        assertFalse(down.get("success").asBoolean(), down.toString());
        assertTrue(down.get("error").asText().contains("cannot connect"), down.toString());
        as(Roles.OPERATOR).post("/api/targets/archive/echo").then().statusCode(400);
        as(Roles.OPERATOR).post("/api/targets/nowhere/echo").then().statusCode(404);
    }

    @Test
    @Order(4)
    void pauseKeepsTheJobQueuedResumeDeliversIt() throws Exception {
        start();
        int before = received().size();
        JsonNode p = json(as(Roles.ADMIN).post("/api/targets/pacs/pause").then().statusCode(200).extract()
                .asString());
        assertEquals("paused", p.get("health").asText(), p.toString());
        ingest(copy("5"));
        ingest(copy("5b"));
        Thread.sleep(2000);
        assertEquals(before, received().size(), "nothing delivered while paused");
        JsonNode jobs = json(as(Roles.ADMIN).queryParam("target", "pacs").queryParam("state", "queued")
                .get("/api/jobs").then().statusCode(200).extract().asString());
        assertEquals(2, jobs.size(), jobs.toString());
        assertEquals(0, jobs.get(0).get("attempts").asInt(), "not even tried");
        assertEquals(0, json(as(Roles.ADMIN).queryParam("older-than", "1h").get("/api/jobs").then().statusCode(200)
                .extract().asString()).size(), "none accepted an hour ago");
        // One cancelled (never delivered), the other made due now (still held by the pause).
        String cancelled = jobs.get(1).get("id").asText();
        as(Roles.OPERATOR).delete("/api/jobs/" + cancelled).then().statusCode(200);
        as(Roles.OPERATOR).get("/api/jobs/" + cancelled).then().statusCode(404);
        String kept = jobs.get(0).get("id").asText();
        as(Roles.OPERATOR).post("/api/jobs/" + kept + "/retry").then().statusCode(200);
        as(Roles.AUDITOR).delete("/api/jobs/" + kept).then().statusCode(403);
        JsonNode t = json(as(Roles.ADMIN).get("/api/targets/pacs").then().statusCode(200).extract().asString());
        assertEquals(1, t.get("backlog").asInt(), t.toString());
        assertTrue(Files.readString(WORK.resolve("store/paused-targets")).contains("pacs"), "kept for a restart");

        as(Roles.ADMIN).post("/api/targets/pacs/resume").then().statusCode(200);
        await(Duration.ofSeconds(30), "the CT at storescp after resume", () -> received().size() == before + 1);
        Thread.sleep(1000);
        assertEquals(before + 1, received().size(), "the cancelled job was not delivered");
        // The file is at storescp a moment before the job is recorded as done.
        await(Duration.ofSeconds(10), "pacs ok with no backlog", () -> {
            JsonNode v = json(as(Roles.ADMIN).get("/api/targets/pacs").then().statusCode(200).extract().asString());
            return v.get("health").asText().equals("ok") && v.get("backlog").asInt() == 0;
        });
    }

    @Test
    @Order(5)
    void aTargetFailingBeyondTheThresholdMakesReadinessDegraded() throws Exception {
        stop();
        ingest(copy("6"));
        await(Duration.ofSeconds(30), "pacs degraded", () -> {
            JsonNode t = json(as(Roles.ADMIN).get("/api/targets/pacs").then().extract().asString());
            return t.get("health").asText().equals("degraded");
        });
        String ready = TestUsers.management().get("/q/health/ready").then().statusCode(200).extract().asString();
        JsonNode check = null;
        for (JsonNode c : json(ready).get("checks")) {
            if (c.get("name").asText().equals("dmask-gateway")) {
                check = c;
            }
        }
        assertEquals("UP", check.get("status").asText(), ready);
        assertEquals("degraded", check.get("data").get("status").asText(), ready);
        assertTrue(check.get("data").get("degraded").asText().startsWith("pacs: failing for "), ready);
        assertFalse(check.get("data").get("degraded").asText().contains("archive"), ready);
        JsonNode t = json(as(Roles.ADMIN).get("/api/targets/pacs").then().extract().asString());
        assertTrue(t.get("lastError").asText().contains("cannot connect"), t.toString());
        assertFalse(t.get("failingSince").isNull(), t.toString());

        // Back: the dead letter retried, delivered; the target is ok again.
        awaitDeadLetters("pacs", 1);
        start();
        int before = received().size();
        as(Roles.ADMIN).post("/api/targets/pacs/dead-letters/retry").then().statusCode(200);
        await(Duration.ofSeconds(30), "the CT at storescp", () -> received().size() == before + 1);
        await(Duration.ofSeconds(10), "readiness without degraded", () -> !TestUsers.management().get("/q/health/ready").then()
                .statusCode(200).extract().asString().contains("degraded"));
    }

    @Test
    @Order(6)
    void rulesValidatedDryRunAndApplied() throws Exception {
        String running = json(as(Roles.ADMIN).get("/api/rules").then().statusCode(200).extract().asString())
                .get("text").asText();
        assertEquals(rules(), running);

        // An unknown target on line 9: the error names the line.
        String bad = rules().replace("targets: [pacs]", "targets: [nowhere]");
        JsonNode v = json(as(Roles.ADMIN).contentType("application/yaml").body(bytes(bad)).post("/api/rules/validate")
                .then().statusCode(200).extract().asString());
        assertFalse(v.get("valid").asBoolean());
        assertEquals(9, v.get("line").asInt(), v.toString());
        assertTrue(v.get("error").asText().contains("rules.yaml:9: rule 'ct-to-pacs': field 'targets': unknown "
                + "target 'nowhere'"), v.toString());
        JsonNode yamlError = json(as(Roles.ADMIN).contentType("application/yaml").body(bytes("targets: [a\nrules: x\n"))
                .post("/api/rules/validate").then().statusCode(200).extract().asString());
        assertFalse(yamlError.get("valid").asBoolean());
        assertTrue(yamlError.get("line").asInt() > 0, yamlError.toString());

        // Dry run: the running rules send a CT to pacs, de-identified with basic; an MR to the archive.
        JsonNode dry = json(as(Roles.ADMIN).contentType("application/dicom").body(Files.readAllBytes(CT))
                .post("/api/rules/dry-run").then().statusCode(200).extract().asString());
        assertEquals("ct-to-pacs", dry.get("matches").get(0).get("rule").asText(), dry.toString());
        assertEquals(5, dry.get("matches").get(0).get("line").asInt(), dry.toString());
        assertEquals("pacs", dry.get("matches").get(0).get("targets").get(0).get("name").asText());
        assertEquals("basic", dry.get("matches").get(0).get("profile").asText());
        assertFalse(dry.toString().contains(sopInstanceUID(CT)), "pseudonymous UIDs only: " + dry);
        String candidate = rules().replace("targets: [pacs]", "targets: [archive]").replace("ct-to-pacs", "ct-kept");
        dry = json(as(Roles.ADMIN).multiPart("rules", candidate).multiPart("object", CT.toFile(), "application/dicom")
                .post("/api/rules/dry-run").then().statusCode(200).extract().asString());
        assertEquals("ct-kept", dry.get("matches").get(0).get("rule").asText(), dry.toString());
        assertEquals("archive", dry.get("matches").get(0).get("targets").get(0).get("name").asText());
        assertEquals(0, json(as(Roles.ADMIN).contentType("application/dicom").body("not dicom".getBytes())
                .post("/api/rules/dry-run").then().statusCode(400).extract().asString()).path("line").asInt());
        try (Stream<Path> left = Files.list(WORK.resolve("spool"))) {
            assertEquals(List.of(), left.toList(), "the dry runs left nothing in the spool");
        }

        // A candidate that does not validate is refused with its line; the running rules stay.
        JsonNode refused = json(as(Roles.ADMIN).contentType("application/yaml").body(bytes(bad)).put("/api/rules")
                .then().statusCode(422).extract().asString());
        assertEquals(9, refused.get("line").asInt(), refused.toString());
        assertEquals(rules(), Files.readString(WORK.resolve("rules.yaml")));

        // Applied: the file replaced, and the next CT goes to the archive.
        as(Roles.ADMIN).contentType("application/yaml").body(bytes(candidate)).put("/api/rules").then().statusCode(200);
        assertEquals(candidate, Files.readString(WORK.resolve("rules.yaml")));
        assertEquals("ct-kept", json(as(Roles.ADMIN).get("/api/rules").then().statusCode(200).extract().asString())
                .get("rules").get(0).get("name").asText());
        ingest(copy("7"));
        await(Duration.ofSeconds(30), "the CT in the archive", () -> files(ARCHIVE).size() == 1);
        as(Roles.ADMIN).contentType("application/yaml").body(bytes(rules())).put("/api/rules").then().statusCode(200);
    }

    @Test
    @Order(7)
    void adminActionsAuditedWithTheUserAndTheAuditorOnlyReads() throws Exception {
        JsonNode events = json(as(Roles.AUDITOR).queryParam("event", "admin").get("/api/audit").then()
                .statusCode(200).extract().asString());
        List<String> seen = new ArrayList<>();
        for (JsonNode e : events) {
            seen.add(e.get("who").asText() + " " + e.get("outcome").asText() + " " + e.get("detail").asText()
                    .replaceAll(":.*", ""));
        }
        for (String expected : List.of("operator success dead-letters.retry", "operator success dead-letters.delete",
                "operator success dead-letters.retry-all", "operator success targets.echo", "operator failure targets.echo",
                "admin success targets.pause", "admin success targets.resume", "operator success jobs.delete",
                "operator success jobs.retry", "admin success rules.apply", "admin success rules.dry-run",
                "admin failure rules.apply")) {
            assertTrue(seen.contains(expected), expected + " in " + seen);
        }
        JsonNode byOperator = json(as(Roles.AUDITOR).queryParam("who", "operator").queryParam("event", "admin")
                .get("/api/audit").then().statusCode(200).extract().asString());
        for (JsonNode e : byOperator) {
            assertEquals("operator", e.get("who").asText());
        }
        assertTrue(byOperator.size() >= 4, byOperator.toString());
        JsonNode none = json(as(Roles.AUDITOR).queryParam("event", "admin").queryParam("to", "2000-01-01T00:00:00Z")
                .get("/api/audit").then().statusCode(200).extract().asString());
        assertEquals(0, none.size());
        as(Roles.AUDITOR).queryParam("event", "coffee").get("/api/audit").then().statusCode(400);

        // Read-only: lists yes, actions no.
        as(Roles.AUDITOR).get("/api/targets").then().statusCode(200);
        as(Roles.AUDITOR).get("/api/dead-letters").then().statusCode(200);
        as(Roles.AUDITOR).post("/api/dead-letters/any/retry").then().statusCode(403);
        as(Roles.AUDITOR).post("/api/targets/pacs/pause").then().statusCode(403);
        as(Roles.AUDITOR).contentType("application/yaml").body(bytes(rules())).put("/api/rules").then().statusCode(403);
        given().get("/api/targets").then().statusCode(401);
        given().post("/api/dead-letters/any/retry").then().statusCode(401);
        as(Roles.SENDER).get("/api/targets").then().statusCode(403);
    }

    @Test
    @Order(8)
    void openApiDocumentsTheAdminApiBehindALogin() {
        String doc = as(Roles.AUDITOR).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        JsonNode paths = json(doc).get("paths");
        for (String p : List.of("/api/rules", "/api/rules/validate", "/api/rules/dry-run", "/api/targets",
                "/api/targets/{name}/echo", "/api/targets/{name}/pause", "/api/jobs", "/api/jobs/{id}/retry",
                "/api/dead-letters", "/api/dead-letters/{name}/retry", "/api/objects/recent", "/api/audit")) {
            assertTrue(paths.has(p), p + " in " + paths.fieldNames());
        }
        given().get("/q/openapi").then().statusCode(401);
    }

    // --- support

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static JsonNode deadLetters(String target) {
        return json(as(Roles.OPERATOR).queryParam("target", target).get("/api/dead-letters").then().statusCode(200)
                .extract().asString());
    }

    static JsonNode awaitDeadLetters(String target, int n) throws InterruptedException {
        JsonNode[] last = {null};
        await(Duration.ofSeconds(30), n + " dead letter(s) of " + target, () -> {
            last[0] = deadLetters(target);
            return last[0].size() == n;
        });
        return last[0];
    }

    void ingest(Path file) throws IOException {
        service.gateway().ingestCopy(file, "test", "MODALITY1", "DMASK", "127.0.0.1");
    }

    /** The CT with its own SOP Instance UID. */
    static Path copy(String k) throws IOException {
        Attributes ds;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(CT)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.4242000" + k);
        Path f = WORK.resolve("in/ct-" + k + ".dcm");
        Files.createDirectories(f.getParent());
        try (OutputStream o = Files.newOutputStream(f)) {
            new DicomOutputStream(o).writeDicomFile(null, ds, ts);
        }
        return f;
    }

    static String sopInstanceUID(Path f) throws IOException {
        return read(f).getString(Tag.SOPInstanceUID);
    }

    static Attributes read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ds.disposeBulkData();
            return ds;
        }
    }

    static List<Path> received() {
        return files(RECEIVED);
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".dcm")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void start() throws IOException, InterruptedException {
        if (storescp != null && storescp.isAlive()) {
            return;
        }
        Path bin = Peers.require("storescp", "dcmtk");
        Files.createDirectories(RECEIVED);
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "-aet", "DCMTK", "-od", RECEIVED.toString(), "-fe",
                ".dcm", "+xa", Integer.toString(port())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve("storescp.log").toFile()));
        storescp = pb.start();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port())) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("storescp does not listen on " + port());
                }
                Thread.sleep(50);
            }
        }
    }

    static void stop() throws InterruptedException {
        if (storescp != null) {
            storescp.destroy();
            if (!storescp.waitFor(10, TimeUnit.SECONDS)) {
                storescp.destroyForcibly().waitFor();
            }
            storescp = null;
        }
    }

    static void await(Duration limit, String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
