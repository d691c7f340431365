package org.dmask.route;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The route core in a child JVM (for the kill -9 test): args are the work folder, the rule file, and the file to
 * write the SCP's port into once it listens.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path rules = Path.of(args[1]);
        Path portFile = Path.of(args[2]);
        GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules,
                "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool")), work.resolve("audit.jsonl"), null);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(h.gateway.scp().port()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
