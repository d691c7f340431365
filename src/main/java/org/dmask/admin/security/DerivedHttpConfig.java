package org.dmask.admin.security;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.deid.KeyFile;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quarkus HTTP settings that follow from dmask's own, at a low ordinal so that an explicit setting wins:
 * <ul>
 * <li>with {@code dmask.http.tls.key-store} set: HTTPS with the {@code https} TLS configuration (its key and trust
 * stores from {@code dmask.http.tls.*}, its protocols and suites from application.properties), and plain HTTP off
 * ({@code quarkus.http.insecure-requests=disabled});</li>
 * <li>the login cookie's encryption key, read from {@code dmask.security.session-key-file}, which the first read
 * generates like the de-identification key: only when the HTTP server asks for it, so other commands make no
 * file.</li>
 * </ul>
 */
public class DerivedHttpConfig implements ConfigSourceFactory {

    static final String SESSION_KEY = "quarkus.http.auth.session.encryption-key";
    static final String SESSION_KEY_FILE = "dmask.security.session-key-file";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> derived = new HashMap<>();
        if (present(context.getValue("dmask.http.tls.key-store"))) {
            derived.put("quarkus.http.tls-configuration-name", "https");
            derived.put("quarkus.http.insecure-requests", "disabled");
            copy(context, "dmask.http.tls.key-store", "quarkus.tls.https.key-store.p12.path", derived);
            copy(context, "dmask.http.tls.key-store-password", "quarkus.tls.https.key-store.p12.password", derived);
        }
        if (present(context.getValue("dmask.http.tls.trust-store"))) {
            copy(context, "dmask.http.tls.trust-store", "quarkus.tls.https.trust-store.p12.path", derived);
            copy(context, "dmask.http.tls.trust-store-password", "quarkus.tls.https.trust-store.p12.password",
                    derived);
        }
        ConfigValue clientAuth = context.getValue("dmask.http.tls.client-auth");
        if (present(clientAuth)) {
            derived.put("quarkus.http.ssl.client-auth", clientAuth.getValue());
        }
        ConfigValue keyFile = context.getValue(SESSION_KEY_FILE);
        String sessionKeyFile = present(keyFile) ? keyFile.getValue() : "data/keys/session.key";
        return List.of(new Source(derived, Path.of(sessionKeyFile)));
    }

    private static void copy(ConfigSourceContext context, String from, String to, Map<String, String> into) {
        ConfigValue v = context.getValue(from);
        if (present(v)) {
            into.put(to, v.getValue());
        }
    }

    private static boolean present(ConfigValue v) {
        return v != null && v.getValue() != null && !v.getValue().isBlank();
    }

    /** The derived settings, and the session key read (or generated) on the first request for it. */
    static final class Source implements ConfigSource {
        private final Map<String, String> derived;
        private final Path keyFile;
        private volatile String sessionKey;

        Source(Map<String, String> derived, Path keyFile) {
            this.derived = Map.copyOf(derived);
            this.keyFile = keyFile;
        }

        @Override
        public Set<String> getPropertyNames() {
            return derived.keySet(); // not the session key: listing it would make every command read the file
        }

        @Override
        public String getValue(String name) {
            if (SESSION_KEY.equals(name)) {
                return sessionKey();
            }
            return derived.get(name);
        }

        private synchronized String sessionKey() {
            if (sessionKey == null) {
                byte[] key = KeyFile.readOrCreate(keyFile, SESSION_KEY_FILE, "login cookie key",
                        "A lost key logs everyone out of the console; a leaked key lets login cookies be forged.")
                        .bytes();
                sessionKey = Base64.getEncoder().encodeToString(key);
            }
            return sessionKey;
        }

        @Override
        public int getOrdinal() {
            return 50; // below application.properties (250): an explicit setting wins
        }

        @Override
        public String getName() {
            return "dmask derived HTTP settings";
        }
    }
}
