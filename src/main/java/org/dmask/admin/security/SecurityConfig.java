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

    /**
     * How long a login whose password was checked is taken again without a new bcrypt check (0: always check).
     * A bcrypt check costs tens of milliseconds of CPU by design; a sender posting many STOW-RS requests would pay it
     * on each. A changed password or removed user ends it at once.
     */
    @WithDefault("2m")
    java.time.Duration loginCacheTtl();

    /**
     * At most this many bcrypt checks run at once (0: one per processor); others wait up to 5 s, then are refused
     * (401). A flood of wrong passwords then costs at most this many cores, and the logins already checked still pass.
     */
    @WithDefault("0")
    int maxConcurrentPasswordChecks();

    /** Client certificates: the subject's CN to its roles, e.g. {@code dmask.security.certificate-roles."modality-1"=sender}. */
    Map<String, List<String>> certificateRoles();
}
