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
 *
 * <p>bcrypt is slow on purpose, so two things keep it from being a way to take the service down: a login whose
 * password was checked is taken again for {@code dmask.security.login-cache-ttl} by comparing a keyed hash (HMAC
 * with a key that lives only in this process) instead of running bcrypt, and at most
 * {@code dmask.security.max-concurrent-password-checks} bcrypt checks run at once.
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

    /** A login checked by bcrypt: the user's hash then (a new password ends it), the password's HMAC, until when. */
    private record Verified(String userHash, byte[] passwordMac, long until) {
    }

    private static final int MAX_VERIFIED = 10_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final javax.crypto.spec.SecretKeySpec processKey = new javax.crypto.spec.SecretKeySpec(
            PasswordGenerator.randomBytes(32), "HmacSHA256");
    private volatile java.util.concurrent.Semaphore checks;

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
        byte[] mac = mac(name, password);
        long now = System.currentTimeMillis();
        Verified v = user == null ? null : verified.get(name);
        if (v != null && v.until() > now && v.userHash().equals(user.hash())
                && java.security.MessageDigest.isEqual(v.passwordMac(), mac)) {
            return identity(user);
        }
        boolean ok = bcrypt(password, user == null ? unknownUserHash() : user.hash()) && user != null;
        if (!ok) {
            throw new AuthenticationFailedException();
        }
        long ttl = config.loginCacheTtl().toMillis();
        if (ttl > 0) {
            if (verified.size() >= MAX_VERIFIED) {
                verified.values().removeIf(e -> e.until() <= now);
                if (verified.size() >= MAX_VERIFIED) {
                    verified.clear();
                }
            }
            verified.put(name, new Verified(user.hash(), mac, now + ttl));
        }
        return identity(user);
    }

    private static SecurityIdentity identity(UsersFile.User user) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles()).build();
    }

    /** One bcrypt check, at most so many at once; false also when no slot frees within 5 s. */
    private boolean bcrypt(char[] password, String hash) {
        java.util.concurrent.Semaphore s = checks;
        if (s == null) {
            int n = config.maxConcurrentPasswordChecks();
            s = new java.util.concurrent.Semaphore(n > 0 ? n : Runtime.getRuntime().availableProcessors(), true);
            checks = s;
        }
        try {
            if (!s.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)) {
                warnOnce("password checks are saturated (dmask.security.max-concurrent-password-checks): logins "
                        + "refused until they drain");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return UsersFile.matches(password, hash);
        } finally {
            s.release();
        }
    }

    private byte[] mac(String name, char[] password) {
        try {
            javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
            m.init(processKey);
            m.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            m.update((byte) 0);
            return m.doFinal(new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 not available", e);
        }
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
