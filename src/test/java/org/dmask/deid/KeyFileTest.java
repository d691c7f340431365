package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    private static final String LOSS = "A lost key means new pseudonyms.";

    @Test
    void firstUseGeneratesAPrivateFileWithOneWarningAndLaterUsesReuseIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/keys/deid.key");
        List<LogRecord> logged = new ArrayList<>();
        KeyFile.Key first = withLogCapture(logged, () -> KeyFile.readOrCreate(file, "dmask.deid.key-file",
                "de-identification key", LOSS));

        assertTrue(first.generated());
        assertEquals(file, first.file());
        assertEquals(KeyFile.KEY_BYTES, first.bytes().length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertEquals(Base64.getEncoder().encodeToString(first.bytes()) + "\n", text);
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file left beside the key");
        }

        List<LogRecord> warnings = logged.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertEquals(1, warnings.size(), "one WARN: " + logged);
        String warning = formatted(warnings.get(0));
        assertTrue(warning.contains(file.toString()) && warning.contains("back this file up")
                && warning.contains(LOSS), warning);
        assertFalse(warning.contains(text.strip()), "the key is never logged");
        assertFalse(first.toString().contains(text.strip()), "nor printed");

        logged.clear();
        KeyFile.Key again = withLogCapture(logged, () -> KeyFile.readOrCreate(file, "dmask.deid.key-file",
                "de-identification key", LOSS));
        assertFalse(again.generated());
        assertArrayEquals(first.bytes(), again.bytes());
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()), "" + logged);
    }

    @Test
    void eachGenerationIsADifferentRandomKey(@TempDir Path dir) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            keys.add(Base64.getEncoder().encodeToString(KeyFile.readOrCreate(dir.resolve(i + "/k"), "p", "key", LOSS)
                    .bytes()));
        }
        assertEquals(8, keys.size());
    }

    @Test
    void processesStartingAtOnceEndUpWithTheSameKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/deid.key");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<KeyFile.Key>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(pool.submit(() -> KeyFile.readOrCreate(file, "p", "key", LOSS)));
            }
            for (Future<KeyFile.Key> f : all) {
                f.get();
            }
            byte[] written = KeyFile.read(file, "p");
            int generated = 0;
            for (Future<KeyFile.Key> f : all) {
                assertArrayEquals(written, f.get().bytes());
                generated += f.get().generated() ? 1 : 0;
            }
            assertEquals(1, generated, "exactly one of them wrote the file");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyFileOthersMayOpenIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deid.key");
        KeyFile.readOrCreate(file, "dmask.deid.key-file", "key", LOSS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyFile.readOrCreate(file, "dmask.deid.key-file", "key", LOSS));
        assertEquals("dmask.deid.key-file " + file + ": group or others may open it (mode 0644); run chmod 600 "
                + file, e.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        e = assertThrows(ConfigurationException.class, () -> KeyFile.read(file, "dmask.deid.key-file"));
        assertTrue(e.getMessage().contains("(mode 0620)"), e.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(KeyFile.KEY_BYTES, KeyFile.read(file, "dmask.deid.key-file").length, "read-only is fine");
    }

    @Test
    void aKeyFileOfTheWrongLengthOrNotBase64IsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deid.key");
        writePrivate(file, Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyFile.readOrCreate(file, "dmask.deid.key-file", "key", LOSS));
        assertEquals("dmask.deid.key-file " + file + ": holds 16 bytes, a dmask key has 32 (truncated or not a dmask "
                + "key?)", e.getMessage());

        String full = Base64.getEncoder().encodeToString(new byte[32]);
        writePrivate(file, full.substring(0, 30));
        e = assertThrows(ConfigurationException.class, () -> KeyFile.read(file, "dmask.deid.key-file"));
        assertTrue(e.getMessage().startsWith("dmask.deid.key-file " + file + ": "), e.getMessage());

        writePrivate(file, "correct horse battery staple, not base64!\n");
        e = assertThrows(ConfigurationException.class, () -> KeyFile.read(file, "dmask.deid.key-file"));
        assertEquals("dmask.deid.key-file " + file + ": not a dmask key (expected one line of base64 of 32 bytes)",
                e.getMessage());

        writePrivate(file, "");
        e = assertThrows(ConfigurationException.class, () -> KeyFile.read(file, "dmask.deid.key-file"));
        assertTrue(e.getMessage().contains("holds 0 bytes"), e.getMessage());
    }

    @Test
    void aFolderThatCannotBeMadeIsOneLineNamingThePath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data"), "a file where the data folder should be");
        Path file = dir.resolve("data/keys/deid.key");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyFile.readOrCreate(file, "dmask.deid.key-file", "key", LOSS));
        assertTrue(e.getMessage().startsWith("dmask.deid.key-file " + file + ": cannot create the key file: "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theServiceUsesTheKeyFileAndPseudonymsStayAcrossRestarts(@TempDir Path dir) {
        Path keyFile = dir.resolve("keys/deid.key");
        String first = new DeidService(TestDeidConfig.withKey(Optional.empty(), keyFile)).pseudonymizer()
                .uid("1.2.3.4");
        String restarted = new DeidService(TestDeidConfig.withKey(Optional.empty(), keyFile)).pseudonymizer()
                .uid("1.2.3.4");
        assertEquals(first, restarted);
        String elsewhere = new DeidService(TestDeidConfig.withKey(Optional.empty(), dir.resolve("other/deid.key")))
                .pseudonymizer().uid("1.2.3.4");
        assertNotEquals(first, elsewhere, "a new key means new pseudonyms");
    }

    @Test
    void theReidMapHasItsOwnKeyFileAndRefusesANewKeyForAnOldMap(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("keys/deid.key");
        Path mapKey = dir.resolve("keys/reid-map.key");
        Path map = dir.resolve("reid.map");
        DeidService service = new DeidService(TestDeidConfig.withReidMap(keyFile, map, Optional.empty(), mapKey));
        service.pseudonymizer();
        service.reidMap().mapped("PatientID", "ORIGINAL-1", "PSEUDO-1");
        assertTrue(Files.isRegularFile(mapKey));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mapKey)));
        assertFalse(java.util.Arrays.equals(KeyFile.read(mapKey, "p"), KeyFile.read(keyFile, "p")),
                "the map's key is not the de-identification key");

        DeidService restarted = new DeidService(TestDeidConfig.withReidMap(keyFile, map, Optional.empty(), mapKey));
        assertEquals("ORIGINAL-1", restarted.reidMap().lookup("PSEUDO-1").get(0).original());

        Files.delete(mapKey);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new DeidService(
                TestDeidConfig.withReidMap(keyFile, map, Optional.empty(), mapKey)).reidMap());
        assertTrue(e.getMessage().startsWith("dmask.deid.reid-map.key-file " + mapKey + " is missing but the map "),
                e.getMessage());
        assertFalse(Files.exists(mapKey), "no new key made for a map that holds pairs");
    }

    private static void writePrivate(Path file, String text) throws Exception {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String formatted(LogRecord r) {
        return r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
    }

    private static <T> T withLogCapture(List<LogRecord> into, java.util.concurrent.Callable<T> action)
            throws Exception {
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                into.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(KeyFile.class.getName());
        logger.addHandler(capture);
        try {
            return action.call();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
