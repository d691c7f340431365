package org.dmask.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration every Quarkus test of the running gateway shares: the gateway started with the service, the
 * SCP on a free port, and its spool, job store, rule file and audit trail under one work folder of the test's own.
 */
public final class GatewayTestProfile {

    private GatewayTestProfile() {
    }

    /**
     * Writes {@code rules} to {@code work/rules.yaml} and returns the shared settings, with {@code overrides} on top.
     *
     * @param store the job store's folder below {@code work} (the work directory of dmask.route)
     * @param audit the audit trail below {@code work}
     */
    public static Map<String, String> config(Path work, String rules, String store, String audit,
            Map<String, String> overrides) {
        try {
            Files.createDirectories(work);
            Files.writeString(work.resolve("rules.yaml"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> c = new HashMap<>(Map.of("dmask.route.autostart", "true",
                "%test.dmask.dimse.scp.enabled", "true", "%test.dmask.dimse.scp.port", "0",
                "dmask.dimse.scp.spool-directory", work.resolve("spool").toString(),
                "dmask.route.work-directory", work.resolve(store).toString(),
                "dmask.route.rules", work.resolve("rules.yaml").toString(),
                "dmask.audit.file", work.resolve(audit).toString()));
        c.putAll(overrides);
        return c;
    }

    /**
     * The rule file most gateway tests need: one rule that takes everything, de-identifies it with the Basic Profile
     * and stores it under {@code archive}; {@code mask} (off, full or face) for videos, or null for the default.
     */
    public static String archiveEverything(Path archive, String mask) {
        return """
                targets:
                  archive: archive:%s
                rules:
                  - name: all
                    deid: basic
                %s    targets: [archive]
                """.formatted(archive, mask == null ? "" : "    mask: " + mask + "\n");
    }
}
