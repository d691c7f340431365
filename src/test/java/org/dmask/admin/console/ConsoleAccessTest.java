package org.dmask.admin.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmask.admin.ops.DeadLetterOps;
import org.dmask.admin.security.Roles;
import org.dmask.testing.Peers;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.route.GatewayService;
import org.junit.jupiter.api.BeforeEach;
import org.dmask.testing.PeerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may do what in the console, over real HTTP against the running gateway: an auditor sees no preview and no
 * retry and gets 403 for both, whatever token it sends; a state-changing request without the page's CSRF token, with
 * a wrong one or with one made for another browser gets 403 and changes nothing (the dead letter stays, nothing is
 * audited), and with the right one it works; the preview over HTTP leaves no copy of the upload on disk, and its
 * masked clip goes only to its maker.
 */
@QuarkusTest
@PeerTest
@TestProfile(ConsoleAccessTest.Profile.class)
class ConsoleAccessTest {

    static final ConsoleApp APP = new ConsoleApp(Path.of("target", "console-access-test-"
            + ProcessHandle.current().pid()));

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return APP.config("dmask.console.preview.temp-directory", APP.work.resolve("preview-temp").toString(),
                    "quarkus.http.body.uploads-directory", APP.work.resolve("uploads").toString());
        }
    }

    @Inject
    GatewayService gateways;
    @Inject
    DeadLetterOps deadLetters;

    /** A browser session: its nonce cookie and the token of the page it got. */
    record Session(String role, String nonce, String token) {
    }

    @Inject
    PreviewService previews;

    /** A dead letter of the CT (rule ct): made by sending it while the pacs is down, which it is all along here. */
    @BeforeEach
    void aDeadLetterOfTheCt() throws Exception {
        if (awaitCtDeadLetter(Duration.ofSeconds(10)) != null) { // a test's retry may be on its way back
            return;
        }
        Path ct = APP.work.resolve("ct.dcm");
        Files.createDirectories(APP.work);
        Files.copy(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"), ct,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ConsoleApp.storescu(gateways.gateway().scp().port(), ct);
        assertTrue(awaitCtDeadLetter(Duration.ofSeconds(60)) != null, "the CT became a dead letter");
    }

    private String awaitCtDeadLetter(Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            for (DeadLetterOps.DeadLetterView d : deadLetters.list(null, null)) {
                if (d.reasons().stream().anyMatch(r -> "ct".equals(r.get("rule")))) {
                    return d.name();
                }
            }
            if (System.nanoTime() > end) {
                return null;
            }
            Thread.sleep(100);
        }
    }

    private Session open(String role, String path) {
        Response r = APP.users.as(role).when().get(path);
        r.then().statusCode(200);
        return new Session(role, r.cookie(CsrfGuard.COOKIE), ConsoleApp.csrfToken(r.asString()));
    }

    private String deadLetter() throws Exception {
        return awaitCtDeadLetter(Duration.ZERO);
    }

    private List<String> adminActions() throws Exception {
        return Files.readAllLines(APP.work.resolve("audit.jsonl")).stream().filter(l -> l.contains("\"admin\""))
                .filter(l -> l.contains("dead-letters.retry")).toList();
    }

    @Test
    void anAuditorSeesNoPreviewAndNoRetryAndIsRefusedBoth() throws Exception {
        String name = deadLetter();
        int retries = adminActions().size();
        APP.users.as(Roles.AUDITOR).when().get("/console").then().statusCode(200)
                .body(containsString("href=\"/console/audit\""))
                .body(not(containsString("href=\"/console/preview\"")));
        APP.users.as(Roles.AUDITOR).when().get("/console/dead-letters").then().statusCode(200)
                .body(containsString(name)).body(not(containsString("class=\"primary retry\"")));
        APP.users.as(Roles.AUDITOR).when().get("/console/preview").then().statusCode(403);

        Session auditor = open(Roles.AUDITOR, "/console/dead-letters");
        APP.users.as(Roles.AUDITOR).cookie(CsrfGuard.COOKIE, auditor.nonce()).header(CsrfGuard.HEADER, auditor.token())
                .when().post("/console/dead-letters/" + name + "/retry").then().statusCode(403);
        Path video = ConsoleFixtures.faceVideo(APP.work.resolve("clip-auditor"), 4);
        APP.users.as(Roles.AUDITOR).cookie(CsrfGuard.COOKIE, auditor.nonce()).header(CsrfGuard.HEADER, auditor.token())
                .multiPart("file", video.toFile(), "application/dicom")
                .when().post("/console/preview").then().statusCode(403);

        assertEquals(name, deadLetter(), "the dead letter is still there");
        assertEquals(retries, adminActions().size(), "no retry audited");
        assertEquals(List.of(), ConsoleFixtures.filesBelow(APP.work.resolve("preview-temp")));
    }

    @Test
    void aStateChangeWithoutTheRightCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String name = deadLetter();
        int retries = adminActions().size();
        Session op = open(Roles.OPERATOR, "/console/dead-letters");
        String retry = "/console/dead-letters/" + name + "/retry";

        // no token
        APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, op.nonce()).when().post(retry).then().statusCode(403)
                .body(containsString("CSRF"));
        // a wrong token
        APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, op.nonce()).header(CsrfGuard.HEADER, "x" + op.token())
                .when().post(retry).then().statusCode(403);
        // the right token without the browser's cookie, and with another browser's cookie
        APP.users.as(Roles.OPERATOR).header(CsrfGuard.HEADER, op.token()).when().post(retry).then().statusCode(403);
        Session other = open(Roles.OPERATOR, "/console/targets");
        assertFalse(other.nonce().equals(op.nonce()), "a browser without the cookie gets a new nonce");
        APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, other.nonce()).header(CsrfGuard.HEADER, op.token())
                .when().post(retry).then().statusCode(403);
        // another user's token for the same browser
        Session admin = open(Roles.ADMIN, "/console/targets");
        APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, admin.nonce()).header(CsrfGuard.HEADER, admin.token())
                .when().post(retry).then().statusCode(403);
        // logout is a state change too
        APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, op.nonce()).when().post("/logout").then()
                .statusCode(403);

        assertEquals(name, deadLetter(), "nothing was retried");
        assertEquals(retries, adminActions().size(), "nothing audited");

        // the page's own token works
        APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, op.nonce()).header(CsrfGuard.HEADER, op.token())
                .when().post(retry).then().statusCode(200).body(containsString("queued again for [pacs]"));
        assertTrue(deadLetters.list(null, null).stream().noneMatch(d -> d.name().equals(name)), "retried");
        assertEquals(retries + 1, adminActions().size(), "the retry is audited once");
        String audited = adminActions().get(retries);
        assertTrue(audited.contains("\"who\":\"operator\"") && audited.contains(name), audited);
    }

    @Test
    @Timeout(300)
    void thePreviewOverHttpKeepsNoOriginalAndItsClipGoesOnlyToItsMaker() throws Exception {
        InstallTestSupport.installedModels();
        Path video = ConsoleFixtures.faceVideo(APP.work.resolve("clip"), 8);
        Session op = open(Roles.OPERATOR, "/console/preview");
        String html = APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, op.nonce())
                .header(CsrfGuard.HEADER, op.token()).multiPart("file", video.toFile(), "application/dicom")
                .multiPart("mode", "face").when().post("/console/preview").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().asString();
        assertTrue(html.contains("id=\"preview-done\""), html);
        assertTrue(html.contains("<b>face</b>"), "the mode asked for");
        assertEquals(4, html.split("src=\"data:image/png;base64,").length - 1 - 4, "four originals, four masked");

        assertEquals(List.of(), ConsoleFixtures.filesBelow(APP.work.resolve("preview-temp")), "no preview files");
        assertEquals(List.of(), ConsoleFixtures.filesBelow(APP.work.resolve("uploads")).stream()
                .filter(Files::isRegularFile).toList(), "no uploaded file left");

        Matcher m = Pattern.compile("/console/preview/clip/([0-9a-f]{32})").matcher(html);
        assertTrue(m.find(), "the page points at its clip");
        byte[] mp4 = APP.users.as(Roles.OPERATOR).when().get(m.group()).then().statusCode(200)
                .contentType("video/mp4").extract().asByteArray();
        assertEquals("ftyp", new String(mp4, 4, 4, java.nio.charset.StandardCharsets.US_ASCII), "an MP4");
        APP.users.as(Roles.ADMIN).when().get(m.group()).then().statusCode(404);
        APP.users.as(Roles.AUDITOR).when().get(m.group()).then().statusCode(403);
    }

    @Test
    @Timeout(300)
    void aDeadLetteredVideoIsPreviewedAndStaysAsItWas() throws Exception {
        InstallTestSupport.installedModels();
        Path video = ConsoleFixtures.faceVideo(APP.work.resolve("clip-held"), 6);
        ConsoleApp.storescu(gateways.gateway().scp().port(), video, "HOLD", "-xn"); // rule held: masked (face) for the pacs
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (previews.videoDeadLetters().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertEquals(1, previews.videoDeadLetters().size(), "the video became a dead letter");
        String name = previews.videoDeadLetters().get(0).name();

        Session op = open(Roles.OPERATOR, "/console/preview");
        String page = APP.users.as(Roles.OPERATOR).when().get("/console/preview").then().statusCode(200).extract()
                .asString();
        assertTrue(page.contains("<option value=\"" + name + "\">"), "offered on the page");
        String html = APP.users.as(Roles.OPERATOR).cookie(CsrfGuard.COOKIE, op.nonce())
                .header(CsrfGuard.HEADER, op.token()).multiPart("deadLetter", name).multiPart("mode", "rule")
                .when().post("/console/preview").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"preview-done\""), html);
        assertTrue(html.contains("<b>face</b> by rule <b>held</b>"), "matched as it arrived (calling AE HOLD)");

        assertEquals(name, deadLetters.get(name).name(), "the dead letter is still there");
        assertEquals(List.of(), ConsoleFixtures.filesBelow(APP.work.resolve("preview-temp")), "no decrypted copy");
        assertTrue(Files.readAllLines(APP.work.resolve("audit.jsonl")).stream().anyMatch(l -> l.contains("\"who\":"
                + "\"operator\"") && l.contains("preview") && l.contains("dead letter " + name)),
                "the preview of a dead letter is audited");
    }
}
