package org.dmask.dimse;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test support: runs a {@link StoreScp} in its own JVM (for kill -9 and small-heap tests). Arguments: spool
 * directory, AE title, a file into which the bound port is written once the SCP listens, and optionally the
 * durability ("power-loss", the default, or "process"). Runs until killed.
 */
public final class ScpMain {

    private ScpMain() {
    }

    public static void main(String[] args) throws Exception {
        Path spool = Path.of(args[0]);
        Durability durability = args.length > 3 ? Durability.parse(args[3]) : Durability.POWER_LOSS;
        StoreScp scp = new StoreScp(ScpSettings.localDefaults(args[1], 0, spool).withDurability(durability)).start();
        Path portFile = Path.of(args[2]);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(scp.port()));
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
