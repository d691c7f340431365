package org.dmask.admin.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Checks a user name and password (HTTP Basic, the console's login form) against the {@link UsersFile}. The file is
 * read again when it changes (a new file, a new modification time or size), so {@code dmask users} takes effect
 * without a restart. An unknown user costs the same bcrypt check as a wrong password, so that timing does not tell
 * which names exist.
 */
@ApplicationScoped
public class LocalIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(LocalIdentityProvider.class);

    @Inject
    SecurityConfig config;

    private record Snapshot(Object fileKey, long modified, long size, Map<String, UsersFile.User> users) {
    }

    private Snapshot snapshot;
    private String lastProblem;
    private String unknownUserHash;

    /** The login cookie names a user: still there, with the roles the file gives now (removed: logged out). */
    @ApplicationScoped
    public static class FromLoginCookie implements IdentityProvider<TrustedAuthenticationRequest> {
        @Inject
        LocalIdentityProvider users;

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return context.runBlocking(() -> {
                UsersFile.User user = users.users().get(request.getPrincipal());
                if (user == null) {
                    throw new AuthenticationFailedException();
                }
                return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user.name()))
                        .addRoles(user.roles()).build();
            });
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> check(request.getUsername(), request.getPassword().getPassword()));
    }

    private SecurityIdentity check(String name, char[] password) {
        UsersFile.User user = users().get(name);
        if (user == null) {
            UsersFile.matches(password, unknownUserHash()); // same work as for a known user
            throw new AuthenticationFailedException();
        }
        if (!UsersFile.matches(password, user.hash())) {
            throw new AuthenticationFailedException();
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles()).build();
    }

    /** The users as the file holds them now; none (everyone refused, logged) when it is missing or unreadable. */
    synchronized Map<String, UsersFile.User> users() {
        Path file = Path.of(config.usersFile()).toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Snapshot s = snapshot;
            if (s != null && Objects.equals(s.fileKey(), a.fileKey()) && s.modified() == a.lastModifiedTime()
                    .toMillis() && s.size() == a.size()) {
                return s.users();
            }
            Map<String, UsersFile.User> users = UsersFile.read(file);
            lastProblem = null;
            snapshot = new Snapshot(a.fileKey(), a.lastModifiedTime().toMillis(), a.size(), users);
            return users;
        } catch (NoSuchFileException e) {
            warnOnce("no users file " + file + ": every login is refused (dmask serve creates it with an admin "
                    + "user; or run dmask users add)");
        } catch (IOException | IllegalStateException e) {
            warnOnce("cannot read the users file, every login is refused: " + e.getMessage());
        }
        snapshot = null;
        return Map.of();
    }

    /** One WARN per problem, not one per login attempt. */
    private void warnOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            LOG.warn(problem);
        }
    }

    private synchronized String unknownUserHash() {
        if (unknownUserHash == null) {
            unknownUserHash = io.quarkus.elytron.security.common.BcryptUtil.bcryptHash(
                    new String(PasswordGenerator.generate()), UsersFile.BCRYPT_COST);
        }
        return unknownUserHash;
    }
}
