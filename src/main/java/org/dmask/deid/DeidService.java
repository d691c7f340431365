package org.dmask.deid;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured de-identification: profiles (embedded, then the file named by {@code dmask.deid.profiles}),
 * validated at start-up, and a {@link Deidentifier} per profile with the key. The key is {@code dmask.deid.key} when
 * set, else the one in {@code dmask.deid.key-file}, which the first use generates ({@link KeyFile}). The
 * re-identification map's key works the same way, with a file of its own.
 */
@ApplicationScoped
public class DeidService {

    static final String EMBEDDED = "profiles.yaml";

    private final DeidConfig config;
    private final Map<String, Profile> profiles;
    private volatile Map<String, Deidentifier> deidentifiers = Map.of();
    private Pseudonymizer pseudonymizer;
    private String keySource;
    private byte[] reidMapKey;

    /** Fails with a one-line {@link ConfigurationException} when the profile file does not load. */
    public DeidService(DeidConfig config) {
        this.config = config;
        try {
            this.profiles = loadProfiles(config);
        } catch (ProfileException e) {
            throw new ConfigurationException("dmask.deid.profiles: " + e.getMessage(), e);
        }
    }

    /** Loads (and so validates) the profiles when the application starts, not on the first object. */
    void onStart(@Observes StartupEvent ev) {
        profiles.size();
    }

    static Map<String, Profile> loadProfiles(DeidConfig config) {
        Map<String, Profile> all = new LinkedHashMap<>();
        try (InputStream in = DeidService.class.getResourceAsStream(EMBEDDED)) {
            all.putAll(ProfileLoader.parse("embedded " + EMBEDDED, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (config.profiles().isPresent()) {
            try {
                all.putAll(ProfileLoader.load(config.profiles().get()));
            } catch (IOException e) {
                throw new ProfileException(config.profiles().get() + ": cannot read: "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        return Map.copyOf(all);
    }

    /** A profile by name, or null (needs no key: for checks that only read what a profile asks for). */
    public Profile profile(String name) {
        return profiles.get(name);
    }

    public Set<String> profileNames() {
        return profiles.keySet();
    }

    /** The deidentifier of a named profile; fails when the key is missing or the profile is unknown. */
    public synchronized Deidentifier deidentifier(String profileName) {
        Deidentifier d = deidentifiers.get(profileName);
        if (d != null) {
            return d;
        }
        Profile p = profiles.get(profileName);
        if (p == null) {
            throw new ProfileException("unknown profile '" + profileName + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(profiles.keySet())) + ")");
        }
        Pseudonymizer pseudonyms = pseudonymizer();
        try {
            PatientLookupTable lookup = config.patientLookup().isPresent()
                    ? PatientLookupTable.read(config.patientLookup().get()) : null;
            d = new Deidentifier(p, pseudonyms, lookup, reidMap(), config.dateShift().minDays(),
                    config.dateShift().maxDays());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dmask.deid.patient-lookup: " + e.getMessage(), e);
        }
        Map<String, Deidentifier> copy = new LinkedHashMap<>(deidentifiers);
        copy.put(profileName, d);
        deidentifiers = Map.copyOf(copy);
        return d;
    }

    /**
     * The pseudonymizer under the de-identification key: {@code dmask.deid.key} when set, else the key file (made
     * on the first call when it does not exist). Fails with a one-line {@link ConfigurationException} on a key that
     * is too short or a key file that is not private or not a key.
     */
    public synchronized Pseudonymizer pseudonymizer() {
        if (pseudonymizer == null) {
            Optional<String> configured = config.key().filter(k -> !k.isBlank());
            if (configured.isPresent()) {
                try {
                    pseudonymizer = new Pseudonymizer(configured.get());
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("dmask.deid.key: " + e.getMessage()
                            + " (or unset it to use a generated key file, dmask.deid.key-file)");
                }
                keySource = "dmask.deid.key";
            } else {
                KeyFile.Key key = KeyFile.readOrCreate(config.keyFile(), "dmask.deid.key-file",
                        "de-identification key", "A lost key means new pseudonyms for the same patients and studies; "
                                + "a leaked key lets anyone holding it reverse the pseudonyms.");
                pseudonymizer = new Pseudonymizer(key.bytes());
                keySource = key.file() + (key.generated() ? " (generated now)" : "");
            }
        }
        return pseudonymizer;
    }

    /** Where the key came from: {@code dmask.deid.key} or the key file's path; null before {@link #pseudonymizer()}. */
    public synchronized String keySource() {
        return keySource;
    }

    /**
     * The re-identification map when enabled, else none. Its key is {@code dmask.deid.reid-map.key} when set, else
     * its own key file, generated on first use unless the map already holds pairs (they would be unreadable).
     */
    public ReidentificationMap reidMap() {
        DeidConfig.ReidMap m = config.reidMap();
        if (!m.enabled()) {
            return null;
        }
        Path file = m.file().orElseThrow(() -> new ConfigurationException(
                "dmask.deid.reid-map.enabled is true but dmask.deid.reid-map.file is not set"));
        return new ReidentificationMap(file, reidMapKey(m, file));
    }

    private synchronized byte[] reidMapKey(DeidConfig.ReidMap m, Path mapFile) {
        if (reidMapKey != null) {
            return reidMapKey;
        }
        Optional<String> configured = m.key().filter(k -> !k.isBlank());
        if (configured.isPresent()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(configured.get().strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("dmask.deid.reid-map.key: not base64");
            }
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new ConfigurationException("dmask.deid.reid-map.key: " + key.length
                        + " bytes; the map needs an AES key of 16, 24 or 32 bytes");
            }
            reidMapKey = key;
        } else {
            if (!Files.exists(m.keyFile()) && hasPairs(mapFile)) {
                throw new ConfigurationException("dmask.deid.reid-map.key-file " + m.keyFile().toAbsolutePath()
                        + " is missing but the map " + mapFile + " already holds pairs: restore the key file from "
                        + "its backup (a new key could not read them)");
            }
            reidMapKey = KeyFile.readOrCreate(m.keyFile(), "dmask.deid.reid-map.key-file", "re-identification map key",
                    "A lost key leaves the map unreadable; a leaked key together with the map reveals the original "
                            + "identities.").bytes();
        }
        return reidMapKey;
    }

    private static boolean hasPairs(Path mapFile) {
        try {
            return Files.size(mapFile) > 0;
        } catch (IOException e) {
            return false; // no map yet
        }
    }
}
