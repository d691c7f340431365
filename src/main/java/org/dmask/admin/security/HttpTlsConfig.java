package org.dmask.admin.security;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code dmask.http.tls.*}: HTTPS key material, in the style of {@code dmask.dimse.scp.tls.*} (PKCS12). Read by
 * {@link DerivedHttpConfig}, which turns it into the TLS configuration {@code quarkus.tls.https.*}; declared here so
 * that a misspelt key is an error.
 */
@ConfigMapping(prefix = "dmask.http.tls")
public interface HttpTlsConfig {

    /** Our key and certificate (PKCS12); set: HTTPS on quarkus.http.ssl-port, plain HTTP off. */
    Optional<String> keyStore();

    Optional<String> keyStorePassword();

    /** The CAs trusted for client certificates (PKCS12). */
    Optional<String> trustStore();

    Optional<String> trustStorePassword();

    /** none, request or required. */
    Optional<String> clientAuth();
}
