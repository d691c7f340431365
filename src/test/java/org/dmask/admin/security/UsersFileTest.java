package org.dmask.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users file without the app: owner-only modes, bcrypt hashes only, names, roles and password lengths checked,
 * a file others may open refused, and a client certificate's CN read from its subject.
 */
class UsersFileTest {

    @Test
    void keepsOnlyHashesInAnOwnerOnlyFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("keys/users");
        char[] pw = "correct horse battery staple".toCharArray();
        UsersFile.add(file, "alice", pw, Set.of(Roles.OPERATOR, Roles.AUDITOR));
        UsersFile.add(file, "pacs-1", "another long password".toCharArray(), Set.of(Roles.SENDER));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String text = Files.readString(file);
        assertFalse(text.contains("correct horse"), text);
        assertTrue(text.contains("alice:$2"), text);

        List<UsersFile.User> users = UsersFile.list(file);
        assertEquals(List.of("alice", "pacs-1"), users.stream().map(UsersFile.User::name).toList());
        assertEquals(Set.of(Roles.OPERATOR, Roles.AUDITOR), users.get(0).roles());
        assertTrue(UsersFile.matches(pw, users.get(0).hash()));
        assertFalse(UsersFile.matches("correct horse battery stapler".toCharArray(), users.get(0).hash()));
        assertFalse(users.get(0).toString().contains("$2"), "toString never shows the hash");

        UsersFile.passwd(file, "alice", "a new long password".toCharArray());
        assertTrue(UsersFile.matches("a new long password".toCharArray(), UsersFile.read(file).get("alice").hash()));
        UsersFile.roles(file, "alice", Set.of(Roles.ADMIN));
        assertEquals(Set.of(Roles.ADMIN), UsersFile.read(file).get("alice").roles());
        UsersFile.remove(file, "alice");
        assertEquals(Set.of("pacs-1"), UsersFile.read(file).keySet());
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }
    }

    @Test
    void refusesWhatWouldBeUnsafeOrWrong(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("keys/users");
        char[] pw = "long enough password".toCharArray();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.add(file, "bob", "short".toCharArray(),
                Set.of(Roles.SENDER))).getMessage().contains("at least 12"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.add(file, "bob:x", pw,
                Set.of(Roles.SENDER))).getMessage().contains("user name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.add(file, "bob", pw,
                Set.of("root"))).getMessage().contains("unknown role 'root'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.add(file, "bob", pw,
                Set.of())).getMessage().contains("at least one role"));
        UsersFile.add(file, "bob", pw, Set.of(Roles.SENDER));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.add(file, "bob", pw,
                Set.of(Roles.SENDER))).getMessage().contains("exists already"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.remove(file, "carol"))
                .getMessage().contains("no user 'carol'"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException open = assertThrows(IllegalStateException.class, () -> UsersFile.read(file));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "bob:plaintext:sender\n");
        IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> UsersFile.read(file));
        assertTrue(damaged.getMessage().contains("line 1"), damaged.getMessage());
    }

    @Test
    void generatedPasswordsDiffer() {
        char[] a = PasswordGenerator.generate(), b = PasswordGenerator.generate();
        assertEquals(PasswordGenerator.LENGTH, a.length);
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void aCertificatesCommonName() {
        assertEquals("modality-1", CertificateRoles.commonName("CN=modality-1,O=Test Hospital,C=CH"));
        assertEquals("x, y", CertificateRoles.commonName("O=A,CN=x\\, y"));
        assertEquals(null, CertificateRoles.commonName("O=No Common Name"));
    }
}
