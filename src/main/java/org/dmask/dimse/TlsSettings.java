package org.dmask.dimse;

import java.nio.file.Path;

/**
 * Key material for TLS: our own key and certificate (keystore), the CAs we trust for the peer (truststore), and, for
 * an SCP, whether the peer must present a certificate. Keystore types: PKCS12 (default) or JKS.
 */
public record TlsSettings(Path keyStore, char[] keyStorePassword, String keyStoreType, Path trustStore,
        char[] trustStorePassword, String trustStoreType, boolean clientAuthRequired) {
}
