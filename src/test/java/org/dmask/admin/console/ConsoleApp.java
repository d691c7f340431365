package org.dmask.admin.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmask.testing.Peers;
import org.dmask.testing.TestUsers;

/**
 * The running gateway the console tests use: the test users, a DICOM target "pacs" (DCMTK storescp on a port of the
 * test's own, down until a test starts it), an archive, rules that send CT to the pacs, videos from HOLD masked (face) to
 * the pacs, and every other video masked (full) to the archive, and redelivery that gives up after three seconds, so a send while the pacs is down makes a dead letter.
 * The port is kept in the work folder: Quarkus may load a test class twice, and both must agree.
 */
final class ConsoleApp {

    final Path work;
    final TestUsers users;
    final int pacsPort;

    ConsoleApp(Path work) {
        this.work = work.toAbsolutePath();
        this.users = TestUsers.in(this.work.resolve("users"));
        this.pacsPort = port(this.work.resolve("pacs-port"));
    }

    /** The rule file as written; its line 19 is the mask of the rule "videos". */
    String rules() {
        return """
                mode: first-match
                targets:
                  pacs: dicom:DCMTK@127.0.0.1:%d
                  archive: archive:%s
                rules:
                  - name: ct
                    match:
                      modality: {in: [CT]}
                    deid: basic
                    targets: [pacs]
                  - name: held
                    match:
                      calling-ae: {in: [HOLD]}
                    deid: basic
                    mask: face
                    targets: [pacs]
                  - name: videos
                    deid: basic
                    mask: full
                    targets: [archive]
                """.formatted(pacsPort, work.resolve("archive"));
    }

    Map<String, String> config(String... more) {
        try {
            Files.createDirectories(work);
            Files.writeString(work.resolve("rules.yaml"), rules());
            // a Clean Pixel Data template for the corpus CT's device, for the templates page (no rule cleans pixels)
            Files.writeString(work.resolve("pixel-templates.yaml"), """
                    templates:
                      - name: rhapsode-top-band
                        manufacturer: GE MEDICAL SYSTEMS
                        model: RHAPSODE
                        sop-class: 1.2.840.10008.5.1.4.1.1.2
                        rows: 128
                        columns: 128
                        regions:
                          - {x: 0, y: 0, width: 128, height: 10}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> c = new HashMap<>(users.config());
        c.putAll(Map.of("dmask.route.autostart", "true",
                "%test.dmask.dimse.scp.enabled", "true", "%test.dmask.dimse.scp.port", "0",
                "dmask.dimse.scp.spool-directory", work.resolve("spool").toString(),
                "dmask.route.work-directory", work.resolve("store").toString(),
                "dmask.route.rules", work.resolve("rules.yaml").toString(),
                "dmask.audit.file", work.resolve("audit.jsonl").toString(),
                "dmask.route.redelivery.initial-delay", "200ms",
                "dmask.route.redelivery.max-delay", "500ms",
                "dmask.route.redelivery.max-age", "3s"));
        c.put("dmask.console.sample-interval", "1s");
        c.put("dmask.deid.pixel-templates", work.resolve("pixel-templates.yaml").toString());
        for (int i = 0; i + 1 < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    /** Sends a file to the gateway's SCP with DCMTK storescu, as MODALITY1. */
    static void storescu(int scpPort, Path file) {
        storescu(scpPort, file, "MODALITY1");
    }

    /**
     * Sends a file to the gateway's SCP with DCMTK storescu, calling as {@code aet}, proposing only the file's SOP
     * class (-R) and the {@code options} (e.g. -xn: MPEG-4 AVC/H.264 HP 4.1, which storescu does not propose unasked).
     */
    static void storescu(int scpPort, Path file, String aet, String... options) {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("storescu", "dcmtk").toString(), "-R"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-aet", aet, "-aec", "DMASK", "127.0.0.1", Integer.toString(scpPort), file.toString()));
        Peers.ProcessResult r = Peers.run(Duration.ofSeconds(60), cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError("storescu failed: " + r);
        }
    }

    /** DCMTK storescp as the pacs, writing into {@code out}. */
    Process startPacs(Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Process p = new ProcessBuilder(Peers.require("storescp", "dcmtk").toString(), "-aet", "DCMTK", "-od",
                out.toString(), "-fe", ".dcm", "+xa", Integer.toString(pacsPort)).redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.log").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", pacsPort)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("storescp did not listen on " + pacsPort);
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** The CSRF token a console page carries (its meta element). */
    static String csrfToken(String html) {
        Matcher m = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no csrf-token meta element in the page");
        }
        return m.group(1);
    }

    static List<Path> dicomFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : ConsoleFixtures.filesBelow(dir)) {
            if (Files.isRegularFile(p) && p.toString().endsWith(".dcm")) {
                out.add(p);
            }
        }
        return out;
    }

    private static int port(Path file) {
        try {
            if (Files.exists(file)) {
                return Integer.parseInt(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.writeString(file, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
