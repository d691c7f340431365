package org.dmask.admin.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dmask.cli.CommandException;
import org.dmask.cli.SendCommand;
import org.dmask.cli.UsersCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.route.GatewayApplicationTest;
import org.dmask.route.GatewayTestProfile;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side of the running gateway, over real HTTP: STOW-RS stores nothing without a login (401), for a wrong
 * password (401) or for a user without the role sender or admin (403), and stores for a sender (200); every other path
 * needs a login too, except the login page; metrics and health are not on the public port but on the management port.
 * The login form gives a session cookie; {@code dmask users add} makes a user who can log in at once, {@code remove}
 * ends that; {@code dmask send --stow} logs in with a user and a password file.
 */
@QuarkusTest
@TestProfile(HttpSecurityTest.Profile.class)
class HttpSecurityTest {

    static final Path WORK = Path.of("target", "http-security-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));
    static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=b0undary";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return GatewayTestProfile.config(WORK,
                    GatewayTestProfile.archiveEverything(WORK.resolve("archive"), null), "store", "audit.jsonl",
                    USERS.config());
        }
    }

    static byte[] ct() throws IOException {
        Path ct = Path.of(System.getProperty("dmask.test.shared", "../shared"),
                "dicom-corpus/dev/pydicom__CT_small.dcm");
        return GatewayApplicationTest.multipart("b0undary", Files.readAllBytes(ct));
    }

    @Test
    void stowNeedsASenderOrAdmin() throws Exception {
        byte[] body = ct();
        given().contentType(TYPE).body(body).when().post("/dicomweb/studies").then().statusCode(401);
        given().auth().preemptive().basic(Roles.SENDER, USERS.password(Roles.SENDER) + "x").contentType(TYPE)
                .body(body).when().post("/dicomweb/studies").then().statusCode(401);
        given().auth().preemptive().basic("nobody", USERS.password(Roles.SENDER)).contentType(TYPE)
                .body(body).when().post("/dicomweb/studies").then().statusCode(401);
        USERS.as(Roles.AUDITOR).contentType(TYPE).body(body).when().post("/dicomweb/studies").then().statusCode(403);
        USERS.as(Roles.OPERATOR).contentType(TYPE).body(body).when().post("/dicomweb/studies/1.2.3")
                .then().statusCode(403);
        assertEquals(List.of(), files(WORK.resolve("spool")), "nothing spooled for a refused request");
        assertEquals(List.of(), files(WORK.resolve("store")), "no job for a refused request");
        assertEquals(List.of(), files(WORK.resolve("archive")), "nothing archived for a refused request");

        USERS.as(Roles.SENDER).contentType(TYPE).body(body).when().post("/dicomweb/studies").then().statusCode(200)
                .body(containsString("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"));
        USERS.as(Roles.ADMIN).contentType(TYPE).body(body).when().post("/dicomweb/studies").then().statusCode(200);
    }

    @Test
    void everyOtherPathNeedsALogin() {
        given().when().get("/api/anything").then().statusCode(401);
        given().when().get("/no/such/path").then().statusCode(401);
        USERS.as(Roles.AUDITOR).when().get("/no/such/path").then().statusCode(404);
        given().when().get("/login").then().statusCode(200).body(containsString("j_security_check"));
        // the console's pages send a browser to the login form instead
        given().redirects().follow(false).when().get("/console/jobs").then().statusCode(302)
                .header("Location", containsString("/login"));
    }

    @Test
    void metricsAndHealthAreOnlyOnTheManagementPort() throws IOException {
        given().when().get("/q/metrics").then().statusCode(401); // deny by default: a login first, then 404
        USERS.as(Roles.ADMIN).when().get("/q/metrics").then().statusCode(404);
        USERS.as(Roles.ADMIN).when().get("/q/health/ready").then().statusCode(404);
        TestUsers.management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dmask_route_queue_depth"));
        TestUsers.management().when().get("/q/health/live").then().statusCode(200);
        // bound to 127.0.0.1: another address of this host does not reach it
        for (java.net.InetAddress a : nonLoopbackAddresses()) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(a, TestUsers.managementPort()), 2000);
                throw new AssertionError("the management port answers on " + a);
            } catch (IOException expected) {
                // refused
            }
        }
    }

    private static List<java.net.InetAddress> nonLoopbackAddresses() throws IOException {
        List<java.net.InetAddress> found = new java.util.ArrayList<>();
        for (java.net.NetworkInterface n : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                java.util.Collections.list(n.getInetAddresses()).stream()
                        .filter(a -> a instanceof java.net.Inet4Address).forEach(found::add);
            }
        }
        return found;
    }

    @Test
    void theLoginFormGivesASessionCookie() throws IOException {
        var login = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", Roles.OPERATOR).formParam("j_password", USERS.password(Roles.OPERATOR))
                .when().post("/j_security_check").then().statusCode(302).extract();
        String cookie = login.cookie("quarkus-credential");
        // the cookie's key: generated, owner-only, never a default
        Path key = Path.of("target/test-keys/session.key");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)));
        given().cookie("quarkus-credential", cookie).when().get("/no/such/path").then().statusCode(404);
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", Roles.OPERATOR).formParam("j_password", "wrong-password-here")
                .when().post("/j_security_check").then().statusCode(302)
                .header("Location", containsString("/login?error"));
    }

    @Inject
    UsersCommand usersCommand;

    @Test
    void dmaskUsersAddThenBasicLoginWorks() throws Exception {
        String password = new String(PasswordGenerator.generate());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = usersCommand.run(List.of("add", "pacs-1", "--role", "sender", "--password-stdin"),
                new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)), null,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("added pacs-1 (sender)"), out.toString());
        assertTrue(!Files.readString(USERS.file()).contains(password), "only the hash is stored");
        given().auth().preemptive().basic("pacs-1", password).contentType(TYPE).body(ct()).when()
                .post("/dicomweb/studies").then().statusCode(200);

        // a password on the command line is refused; without a terminal the prompt says to use --password-stdin
        CommandException argv = assertThrows(CommandException.class, () -> usersCommand.run(
                List.of("passwd", "pacs-1", password), InputStream.nullInputStream(), null, System.out));
        assertTrue(argv.getMessage().contains("never taken from the command line"), argv.getMessage());
        CommandException noTerminal = assertThrows(CommandException.class, () -> usersCommand.run(
                List.of("passwd", "pacs-1"), InputStream.nullInputStream(), null, System.out));
        assertTrue(noTerminal.getMessage().contains("--password-stdin"), noTerminal.getMessage());

        // the login is now taken again without bcrypt (dmask.security.login-cache-ttl); a new password ends that
        given().auth().preemptive().basic("pacs-1", password).contentType(TYPE).body(ct()).when()
                .post("/dicomweb/studies").then().statusCode(200);
        String changed = new String(PasswordGenerator.generate());
        UsersFile.passwd(USERS.file(), "pacs-1", changed.toCharArray());
        given().auth().preemptive().basic("pacs-1", password).contentType(TYPE).body(ct()).when()
                .post("/dicomweb/studies").then().statusCode(401);
        given().auth().preemptive().basic("pacs-1", changed).contentType(TYPE).body(ct()).when()
                .post("/dicomweb/studies").then().statusCode(200);

        usersCommand.run(List.of("remove", "pacs-1"), InputStream.nullInputStream(), null, System.out);
        given().auth().preemptive().basic("pacs-1", changed).contentType(TYPE).body(ct()).when()
                .post("/dicomweb/studies").then().statusCode(401);
        given().auth().preemptive().basic("pacs-1", password).contentType(TYPE).body(ct()).when()
                .post("/dicomweb/studies").then().statusCode(401);
    }

    @Inject
    SendCommand sendCommand;

    @Test
    void dmaskSendLogsInToStowRs() throws Exception {
        Path ct = Path.of(System.getProperty("dmask.test.shared", "../shared"),
                "dicom-corpus/dev/pydicom__CT_small.dcm");
        String url = "http://localhost:" + io.restassured.RestAssured.port + "/dicomweb/studies";
        Path passwordFile = WORK.resolve("sender.password");
        Files.writeString(passwordFile, USERS.password(Roles.SENDER) + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, sendCommand.run(List.of("--stow", url, "--user", "sender", "--password-file",
                passwordFile.toString(), ct.toString()), ps, ps), out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("HTTP 200"), out.toString(StandardCharsets.UTF_8));

        CommandException anonymous = assertThrows(CommandException.class,
                () -> sendCommand.run(List.of("--stow", url, ct.toString()), ps, ps));
        assertTrue(anonymous.getMessage().contains("401"), anonymous.getMessage());
        Path auditorPassword = WORK.resolve("auditor.password");
        Files.writeString(auditorPassword, USERS.password(Roles.AUDITOR));
        CommandException auditor = assertThrows(CommandException.class, () -> sendCommand.run(List.of("--stow", url,
                "--user", "auditor", "--password-file", auditorPassword.toString(), ct.toString()), ps, ps));
        assertTrue(auditor.getMessage().contains("403"), auditor.getMessage());
    }

    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
