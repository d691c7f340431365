package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScp;
import org.dmask.dimse.StoreScu;
import org.dmask.dimse.Tls;
import org.dmask.dimse.TlsSettings;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS (BCP 195) with DCMTK both ways: a CA, server and client keys made with openssl; echoscu/storescu +tls into our
 * SCP (client certificate required), our SCU into storescp +tls. Old protocols and RSA key exchange are refused.
 */
@PeerTest
class DimseTlsInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path tmp;
    static StoreScp scp;
    static TlsSettings serverTls;
    static TlsSettings clientTls;

    @BeforeAll
    static void keysAndScp() throws IOException {
        Path openssl = Peers.require("openssl", "openssl");
        String o = openssl.toString();
        run(o, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=dmask test CA", "-keyout", p("ca.key"), "-out", p("ca.pem"));
        for (String who : List.of("server", "client")) {
            run(o, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=" + who, "-keyout", p(who + ".key"), "-out", p(who + ".csr"));
            run(o, "x509", "-req", "-in", p(who + ".csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
                    "-CAcreateserial", "-days", "2", "-out", p(who + ".pem"));
            run(o, "pkcs12", "-export", "-in", p(who + ".pem"), "-inkey", p(who + ".key"), "-name", who,
                    "-passout", "pass:changeit", "-out", p(who + ".p12"));
        }
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-storetype", "PKCS12", "-keystore", p("trust.p12"), "-storepass", "changeit", "-alias", "ca",
                "-file", p("ca.pem"));
        serverTls = new TlsSettings(tmp.resolve("server.p12"), PASSWORD, "PKCS12", tmp.resolve("trust.p12"), PASSWORD,
                "PKCS12", true);
        clientTls = new TlsSettings(tmp.resolve("client.p12"), PASSWORD, "PKCS12", tmp.resolve("trust.p12"), PASSWORD,
                "PKCS12", false);
        scp = new StoreScp(ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool")).withTls(serverTls)).start();
    }

    @AfterAll
    static void stop() {
        if (scp != null) {
            scp.close();
        }
    }

    private static String p(String name) {
        return tmp.resolve(name).toString();
    }

    private static void run(String... cmd) {
        Peers.ProcessResult r = Peers.run(TIMEOUT, cmd);
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void dcmtkEchoAndStoreOverTlsIntoDmask() throws IOException {
        Path echoscu = Peers.require("echoscu", "dcmtk");
        Path storescu = Peers.require("storescu", "dcmtk");
        String port = Integer.toString(scp.port());
        Peers.ProcessResult echo = Peers.run(TIMEOUT, echoscu.toString(), "-v", "-aec", "DMASK", "+tls",
                p("client.key"), p("client.pem"), "+cf", p("ca.pem"), "127.0.0.1", port);
        assertEquals(0, echo.exitCode(), echo.toString());
        for (StoreScu.Instance i : List.of(
                StoreScu.probe(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm")),
                StoreScu.probe(Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm")))) {
            Path cfg = DimseTestSupport.dcmtkConfig(tmp.resolve("tls.cfg"), null, null, true, List.of(i));
            Peers.ProcessResult r = Peers.run(TIMEOUT, storescu.toString(), "-v", "-aec", "DMASK", "+tls",
                    p("client.key"), p("client.pem"), "+cf", p("ca.pem"), "-xf", cfg.toString(), "Default",
                    "127.0.0.1", port, i.file().toString());
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stderrUtf8().contains("Received Store Response (Success)"), r.stderrUtf8());
            DimseDcmtkInteropTest.assertSameContent(i.file(), scp.spool().directory().resolve(i.iuid() + ".dcm"));
        }
        // Without a client certificate the handshake fails: nothing is stored, nothing is answered.
        Peers.ProcessResult anonymous = Peers.run(TIMEOUT, echoscu.toString(), "-aec", "DMASK", "+tla",
                "+cf", p("ca.pem"), "127.0.0.1", port);
        assertTrue(anonymous.exitCode() != 0, anonymous.toString());
    }

    @Test
    void dmaskScuOverTlsIntoStorescp() throws Exception {
        Path storescp = Peers.require("storescp", "dcmtk");
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        ProcessBuilder pb = new ProcessBuilder(storescp.toString(), "-aet", "DCMTK", "+tls", p("server.key"),
                p("server.pem"), "+cf", p("ca.pem"), "+xa", "-od", out.toString(), "-fe", ".dcm",
                Integer.toString(port));
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("storescp-tls.log").toFile());
        Process proc = pb.start();
        try {
            DimseDcmtkInteropTest.waitForPort(port);
            Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
            StoreScu scu = new StoreScu(ScuSettings.of("127.0.0.1", port, "DCMTK", "DMASK").withTls(clientTls));
            assertEquals(Status.SUCCESS, scu.echo());
            List<StoreScu.Result> results = scu.store(List.of(ct), r -> { });
            assertEquals(Status.SUCCESS, results.get(0).status(), results + Files.readString(tmp.resolve("storescp-tls.log")));
            try (Stream<Path> files = Files.list(out)) {
                Path received = files.filter(f -> f.toString().endsWith(results.get(0).sopInstanceUID() + ".dcm"))
                        .findFirst().orElseThrow();
                DimseDcmtkInteropTest.assertSameContent(ct, received);
            }
        } finally {
            proc.destroy();
            proc.waitFor();
        }
    }

    @Test
    void oldProtocolsAndRsaKeyExchangeAreRefused() throws Exception {
        SSLContext ctx = Tls.context(clientTls);
        for (String[] attempt : new String[][] {
                {"TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
                {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
                {"TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"}}) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", scp.port())) {
                s.setSoTimeout(5000);
                s.setEnabledProtocols(new String[] {attempt[0]});
                s.setEnabledCipherSuites(new String[] {attempt[1]});
                assertThrows(IOException.class, s::startHandshake, String.join(" ", attempt));
            } catch (IllegalArgumentException unsupportedHere) {
                // the JDK itself no longer offers it: refused all the same
            }
        }
        assertTrue(Tls.CIPHER_SUITES.stream().allMatch(c -> c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20")
                || (c.startsWith("TLS_ECDHE_") && (c.contains("_GCM_") || c.contains("CHACHA20")))));
    }
}
