package org.dmask.admin.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The local users of the HTTP side: one line per user, {@code name:bcrypt-hash:role,role}, in a file of mode 0600 in a
 * folder of mode 0700 (like the de-identification key). Passwords are kept only as bcrypt hashes (cost
 * {@value #BCRYPT_COST}). Every change writes a new file under a temporary name and renames it into place, so that a
 * reader never sees half a file. The static methods are the whole API: the {@code dmask users} command, the first start
 * and tests use them; {@link LocalIdentityProvider} reads the file.
 */
public final class UsersFile {

    /** bcrypt's cost: 2^10 rounds, about 50-100 ms per check on one core. */
    public static final int BCRYPT_COST = 10;
    /** Shorter passwords are refused: a generated one has {@value PasswordGenerator#LENGTH} characters. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SENDER);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** One user: name, bcrypt hash, roles (sorted). */
    public record User(String name, String hash, Set<String> roles) {
        public User {
            roles = Set.copyOf(new TreeSet<>(roles));
        }

        @Override
        public String toString() {
            return "User[" + name + ", " + new TreeSet<>(roles) + "]"; // never the hash
        }
    }

    private UsersFile() {
    }

    /** Adds a user; fails when the name is taken. Creates the file (and its 0700 folder) when there is none. */
    public static synchronized void add(Path file, String user, char[] password, Set<String> roles)
            throws IOException {
        checkName(user);
        checkRoles(roles);
        Map<String, User> users = readIfExists(file);
        if (users.containsKey(user)) {
            throw new IllegalArgumentException("user '" + user + "' exists already in " + file
                    + " (dmask users passwd to change the password, remove to delete it)");
        }
        users.put(user, new User(user, hash(password), roles));
        write(file, users);
    }

    /** Sets a new password for an existing user. */
    public static synchronized void passwd(Path file, String user, char[] password) throws IOException {
        Map<String, User> users = readIfExists(file);
        User u = existing(file, users, user);
        users.put(user, new User(user, hash(password), u.roles()));
        write(file, users);
    }

    /** Replaces an existing user's roles. */
    public static synchronized void roles(Path file, String user, Set<String> roles) throws IOException {
        checkRoles(roles);
        Map<String, User> users = readIfExists(file);
        User u = existing(file, users, user);
        users.put(user, new User(user, u.hash(), roles));
        write(file, users);
    }

    /** Removes an existing user. */
    public static synchronized void remove(Path file, String user) throws IOException {
        Map<String, User> users = readIfExists(file);
        existing(file, users, user);
        users.remove(user);
        write(file, users);
    }

    /** The users in the file, in file order; none when it does not exist. */
    public static List<User> list(Path file) throws IOException {
        return new ArrayList<>(readIfExists(file).values());
    }

    /** Whether {@code password} matches the bcrypt {@code hash}. */
    public static boolean matches(char[] password, String hash) {
        try {
            return BcryptUtil.matches(new String(password), hash);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /**
     * Reads the file: owner-only, each line {@code name:hash:roles}. A problem is an {@link IllegalStateException}
     * naming the file, the line and the fix.
     */
    public static Map<String, User> read(Path file) throws IOException {
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(Files.getPosixFilePermissions(file));
        open.retainAll(GROUP_OR_OTHERS);
        if (!open.isEmpty()) {
            throw new IllegalStateException("users file " + file + ": group or others may open it; run chmod 600 "
                    + file);
        }
        Map<String, User> users = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length != 3 || !NAME.matcher(f[0]).matches() || !f[1].startsWith("$2")) {
                throw new IllegalStateException("users file " + file + " line " + (i + 1)
                        + ": expected name:bcrypt-hash:roles; edit it with dmask users");
            }
            Set<String> roles = new TreeSet<>();
            for (String r : f[2].split(",")) {
                if (!r.isBlank()) {
                    roles.add(r.strip());
                }
            }
            users.put(f[0], new User(f[0], f[1], roles));
        }
        return users;
    }

    static Map<String, User> readIfExists(Path file) throws IOException {
        try {
            return read(file);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        }
    }

    private static User existing(Path file, Map<String, User> users, String user) {
        User u = users.get(user);
        if (u == null) {
            throw new IllegalArgumentException("no user '" + user + "' in " + file + " (dmask users list)");
        }
        return u;
    }

    private static String hash(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return BcryptUtil.bcryptHash(new String(password), BCRYPT_COST, salt());
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    private static void checkName(String user) {
        if (user == null || !NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("user name '" + user + "': use 1 to 64 letters, digits and . _ @ -, "
                    + "starting with a letter or digit");
        }
    }

    private static void checkRoles(Set<String> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role of " + new TreeSet<>(ROLES));
        }
        for (String r : roles) {
            if (!ROLES.contains(r)) {
                throw new IllegalArgumentException("unknown role '" + r + "' (roles: " + new TreeSet<>(ROLES) + ")");
            }
        }
    }

    /** Writes all users under a temporary owner-only name, then renames it over the file. */
    private static void write(Path file, Map<String, User> users) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        ownerOnlyFolder(absolute.getParent());
        StringBuilder text = new StringBuilder("# dmask users: name:bcrypt-hash:roles. Edit with `dmask users`.\n");
        for (User u : users.values()) {
            text.append(u.name()).append(':').append(u.hash()).append(':')
                    .append(String.join(",", new TreeSet<>(u.roles()))).append('\n');
        }
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates {@code folder} with mode 0700 when missing (its parents keep the default mode). */
    static void ownerOnlyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder.getParent());
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } catch (FileAlreadyExistsException e) {
                // made by a process starting beside this one
            }
        }
    }

    /** Writes {@code text} to a new owner-only file; fails when it exists. */
    static void writeNewSecret(Path file, String text) throws IOException {
        ownerOnlyFolder(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    static String rolesText(Set<String> roles) {
        return String.join(",", new TreeSet<>(roles));
    }
}
