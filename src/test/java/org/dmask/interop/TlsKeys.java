package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmask.testing.Peers;

/** A test CA, server and client keys (EC P-256) made with openssl, as PEM for DCMTK and PKCS12 for dmask. */
final class TlsKeys {

    private final Path dir;

    private TlsKeys(Path dir) {
        this.dir = dir;
    }

    String p(String name) {
        return dir.resolve(name).toString();
    }

    static TlsKeys make(Path openssl, Path dir) throws IOException {
        Files.createDirectories(dir);
        TlsKeys k = new TlsKeys(dir);
        String o = openssl.toString();
        run(o, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=dmask test CA", "-keyout", k.p("ca.key"), "-out", k.p("ca.pem"));
        for (String who : List.of("server", "client")) {
            run(o, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
                    "/CN=" + who, "-keyout", k.p(who + ".key"), "-out", k.p(who + ".csr"));
            run(o, "x509", "-req", "-in", k.p(who + ".csr"), "-CA", k.p("ca.pem"), "-CAkey", k.p("ca.key"),
                    "-CAcreateserial", "-days", "2", "-out", k.p(who + ".pem"));
            run(o, "pkcs12", "-export", "-in", k.p(who + ".pem"), "-inkey", k.p(who + ".key"), "-name", who,
                    "-passout", "pass:changeit", "-out", k.p(who + ".p12"));
        }
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-storetype", "PKCS12", "-keystore", k.p("trust.p12"), "-storepass", "changeit", "-alias", "ca",
                "-file", k.p("ca.pem"));
        return k;
    }

    private static void run(String... cmd) {
        Peers.ProcessResult r = Peers.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, r.exitCode(), r.toString());
    }
}
