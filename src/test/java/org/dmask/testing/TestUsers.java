package org.dmask.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.dmask.admin.security.PasswordGenerator;
import org.dmask.admin.security.Roles;
import org.dmask.admin.security.UsersFile;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Users for tests of the running app: one user per role, named after it ({@code admin}, {@code operator},
 * {@code auditor}, {@code sender}), with generated passwords, in a users file of the test's own folder. The passwords
 * are kept beside it (mode 0600), so that a test profile and the test class, which Quarkus may load twice, see the same
 * users.
 *
 * <pre>
 * static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));
 * ... getConfigOverrides(): USERS.config() ...
 * USERS.as(Roles.SENDER).contentType(...).post("/dicomweb/studies")
 * TestUsers.management().get("/q/metrics")
 * </pre>
 */
public final class TestUsers {

    public static final List<String> ROLES = List.of(Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SENDER);

    private final Path file;
    private final Properties passwords;

    private TestUsers(Path file, Properties passwords) {
        this.file = file;
        this.passwords = passwords;
    }

    /** The users in {@code dir}: made there (file {@code users}) on the first call, read back on later ones. */
    public static synchronized TestUsers in(Path dir) {
        Path file = dir.toAbsolutePath().resolve("users");
        Path secrets = dir.toAbsolutePath().resolve("passwords");
        Properties passwords = new Properties();
        try {
            if (Files.exists(secrets) && Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(secrets)) {
                    passwords.load(r);
                }
                return new TestUsers(file, passwords);
            }
            Files.createDirectories(dir);
            Files.deleteIfExists(file);
            for (String role : ROLES) {
                char[] pw = PasswordGenerator.generate();
                UsersFile.add(file, role, pw, Set.of(role));
                passwords.setProperty(role, new String(pw));
            }
            Path temp = Files.createTempFile(dir, "passwords", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(temp)) {
                passwords.store(w, "test users' passwords");
            }
            Files.move(temp, secrets, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new TestUsers(file, passwords);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** The password of the user named after {@code role}. */
    public String password(String role) {
        String p = passwords.getProperty(role);
        if (p == null) {
            throw new IllegalArgumentException("no test user " + role + " (users: " + ROLES + ")");
        }
        return p;
    }

    /** The setting that points the app at these users, and {@code more} settings (key, value, key, value...). */
    public Map<String, String> config(String... more) {
        Map<String, String> c = new java.util.HashMap<>(Map.of("dmask.security.users-file", file.toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    /** A RestAssured request that logs in by HTTP Basic as the user named after {@code role}. */
    public RequestSpecification as(String role) {
        return RestAssured.given().auth().preemptive().basic(role, password(role));
    }

    /** The Authorization header value for {@code role} (for java.net clients). */
    public String basicHeader(String role) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((role + ":" + password(role))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The running test app's management interface (health, metrics), on 127.0.0.1. */
    public static RequestSpecification management() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(managementPort());
    }

    public static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
