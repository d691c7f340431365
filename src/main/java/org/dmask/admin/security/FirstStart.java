package org.dmask.admin.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first start of the service: with no users file yet, it creates one holding the user {@code admin} (role admin)
 * with a generated password, written to its own owner-only file and announced in one WARN line that names the file,
 * never the password. There is no default password. A users file that group or others may open, or that is damaged,
 * stops the start with one line. Run by {@code dmask serve} and, with {@code dmask.route.autostart}, at start-up.
 */
@ApplicationScoped
public class FirstStart {

    public static final String ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(FirstStart.class);

    @Inject
    SecurityConfig config;
    @ConfigProperty(name = "dmask.route.autostart", defaultValue = "false")
    boolean autostart;

    void onStart(@Observes StartupEvent ev) {
        if (autostart) {
            ensureUsers();
        }
    }

    /** Creates the users file with a generated admin password when there is none; the password file when made. */
    public synchronized Optional<Path> ensureUsers() {
        Path users = Path.of(config.usersFile()).toAbsolutePath().normalize();
        if (Files.exists(users)) {
            try {
                UsersFile.read(users); // a file others may read, or a damaged one: refuse to start, say which
            } catch (IOException | IllegalStateException | UnsupportedOperationException e) {
                throw new ConfigurationException("dmask.security.users-file " + users + ": " + e.getMessage());
            }
            return Optional.empty();
        }
        Path passwordFile = Path.of(config.adminPasswordFile()).toAbsolutePath().normalize();
        char[] password = PasswordGenerator.generate();
        try {
            Files.deleteIfExists(passwordFile); // left from an earlier users file: it no longer holds
            UsersFile.writeNewSecret(passwordFile, new String(password) + "\n");
            UsersFile.add(users, ADMIN, password, Set.of(Roles.ADMIN));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigurationException("dmask.security.users-file " + users + ": cannot create the first "
                    + "users file: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
        LOG.warnf("created the users file %s with the user admin; its generated password is in %s (mode 0600): log "
                + "in as admin, then set your own with `dmask users passwd admin` and delete that file", users,
                passwordFile);
        return Optional.of(passwordFile);
    }
}
