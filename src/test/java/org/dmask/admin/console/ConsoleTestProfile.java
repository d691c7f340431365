package org.dmask.admin.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The console tests' configuration: the gateway started with the service, its files under the test's own folder. */
final class ConsoleTestProfile {

    private ConsoleTestProfile() {
    }

    static Map<String, String> config(Path work, String rules, Map<String, String> overrides) {
        try {
            Files.createDirectories(work);
            Files.writeString(work.resolve("rules.yaml"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> c = new HashMap<>(Map.of("dmask.route.autostart", "true",
                "dmask.dimse.scp.spool-directory", work.resolve("spool").toString(),
                "dmask.route.work-directory", work.resolve("store").toString(),
                "dmask.route.rules", work.resolve("rules.yaml").toString(),
                "dmask.audit.file", work.resolve("audit.jsonl").toString()));
        c.putAll(overrides);
        return c;
    }
}
