package org.dmask.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kill tests' sender: one DCMTK storescu association per folder, all at once, to 127.0.0.1:{@code port}; once the
 * associations together have {@code killAfter} instances acknowledged, {@code victim} is killed with SIGKILL while
 * the others are mid-store. Returns the files whose C-STORE was answered with success, as storescu reported them.
 */
public final class StorescuUntilKilled {

    private StorescuUntilKilled() {
    }

    public static List<Path> send(Path storescu, int port, List<Path> folders, int killAfter, Process victim)
            throws IOException, InterruptedException {
        List<Path> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Process> senders = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (Path folder : folders) {
            ProcessBuilder pb = new ProcessBuilder(storescu.toString(), "-v", "-aec", "DMASK", "+sd", "-nh",
                    "127.0.0.1", Integer.toString(port), folder.toString()).redirectErrorStream(true);
            pb.environment().put("TCP_NODELAY", "1");
            Process scu = pb.start();
            scu.getOutputStream().close();
            senders.add(scu);
            Thread t = new Thread(() -> readAcknowledged(scu, acknowledged, killAfter, victim));
            t.start();
            readers.add(t);
        }
        for (Thread t : readers) {
            t.join();
        }
        for (Process scu : senders) {
            scu.waitFor(60, TimeUnit.SECONDS);
        }
        return acknowledged;
    }

    private static void readAcknowledged(Process scu, List<Path> acknowledged, int killAfter, Process victim) {
        Path sending = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(scu.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("I: Sending file: ")) {
                    sending = Path.of(line.substring("I: Sending file: ".length()).strip());
                } else if (line.contains("Received Store Response (Success)") && sending != null) {
                    synchronized (acknowledged) {
                        acknowledged.add(sending);
                        if (acknowledged.size() == killAfter) {
                            victim.destroyForcibly(); // SIGKILL, with the other associations mid-store
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
