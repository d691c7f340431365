package org.dmask.admin.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;

/** {@code dmask.security.*}: who may use the HTTP side (see application.properties for each key). */
@ConfigMapping(prefix = "dmask.security")
public interface SecurityConfig {

    /** The local users (name, bcrypt hash, roles), edited with {@code dmask users}. */
    @WithDefault("data/keys/users")
    String usersFile();

    /** Where the first start writes the generated password of the user {@code admin}. */
    @WithDefault("data/keys/admin.password")
    String adminPasswordFile();

    /** The login cookie's encryption key, generated on first use (read by {@link DerivedHttpConfig}). */
    @WithDefault("data/keys/session.key")
    String sessionKeyFile();

    /** Client certificates: the subject's CN to its roles, e.g. {@code dmask.security.certificate-roles."modality-1"=sender}. */
    Map<String, List<String>> certificateRoles();
}
