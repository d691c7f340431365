package org.dmask.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS per the BCP 195 profile (RFC 9325; DICOM PS3.15 Annex B.9 "BCP 195 TLS Secure Transport Connection Profile"):
 * TLS 1.2 and 1.3 only, forward-secret ECDHE key exchange (no RSA key transport, no static DH), AEAD ciphers
 * (AES-GCM, ChaCha20-Poly1305) only.
 */
public final class Tls {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private Tls() {
    }

    public static SSLContext context(TlsSettings s) throws IOException {
        try {
            KeyManagerFactory kmf = null;
            if (s.keyStore() != null) {
                KeyStore ks = load(s.keyStore(), s.keyStorePassword(), s.keyStoreType());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, s.keyStorePassword());
            }
            TrustManagerFactory tmf = null;
            if (s.trustStore() != null) {
                KeyStore ts = load(s.trustStore(), s.trustStorePassword(), s.trustStoreType());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(java.nio.file.Path file, char[] password, String type)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type == null || type.isBlank() ? "PKCS12" : type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
        return ks;
    }

    static SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        List<String> supported = Arrays.asList(ctx.getSupportedSSLParameters().getCipherSuites());
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    public static ServerSocket serverSocket(TlsSettings s) throws IOException {
        SSLContext ctx = context(s);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        SSLParameters p = parameters(ctx);
        p.setNeedClientAuth(s.clientAuthRequired());
        server.setSSLParameters(p);
        return server;
    }

    /** Wraps a connected socket as a TLS client; the handshake happens on first use. */
    public static SSLSocket client(Socket plain, String host, TlsSettings s) throws IOException {
        SSLContext ctx = context(s);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
        SSLParameters p = parameters(ctx);
        p.setEndpointIdentificationAlgorithm(null); // DICOM peers are identified by certificate chain, not host name
        ssl.setSSLParameters(p);
        return ssl;
    }
}
