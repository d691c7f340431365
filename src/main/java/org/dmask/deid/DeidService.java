package org.dmask.deid;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configured de-identification: profiles (embedded, then the file named by {@code dmask.deid.profiles}),
 * validated at start-up, and a {@link Deidentifier} per profile with the configured key. Without
 * {@code dmask.deid.key} nothing can be de-identified: asking for a deidentifier fails with a clear error.
 */
@ApplicationScoped
public class DeidService {

    static final String EMBEDDED = "profiles.yaml";

    private final DeidConfig config;
    private final Map<String, Profile> profiles;
    private volatile Map<String, Deidentifier> deidentifiers = Map.of();

    public DeidService(DeidConfig config) {
        this.config = config;
        this.profiles = loadProfiles(config);
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
                throw new ProfileException(config.profiles().get() + ": cannot read: " + e.getMessage());
            }
        }
        return Map.copyOf(all);
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
        String key = config.key().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "dmask.deid.key is not set (environment DMASK_DEID_KEY): de-identification needs a secret key of "
                        + "at least 16 bytes; there is no built-in key outside the dev and test profiles"));
        try {
            PatientLookupTable lookup = config.patientLookup().isPresent()
                    ? PatientLookupTable.read(config.patientLookup().get()) : null;
            d = new Deidentifier(p, new Pseudonymizer(key), lookup, reidMap(), config.dateShift().minDays(),
                    config.dateShift().maxDays());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dmask.deid.patient-lookup: " + e.getMessage(), e);
        }
        Map<String, Deidentifier> copy = new LinkedHashMap<>(deidentifiers);
        copy.put(profileName, d);
        deidentifiers = Map.copyOf(copy);
        return d;
    }

    /** The re-identification map when enabled, else none. */
    public ReidentificationMap reidMap() {
        DeidConfig.ReidMap m = config.reidMap();
        if (!m.enabled()) {
            return null;
        }
        return new ReidentificationMap(m.file().orElseThrow(() -> new IllegalStateException(
                "dmask.deid.reid-map.enabled is true but dmask.deid.reid-map.file is not set")),
                Base64.getDecoder().decode(m.key().orElseThrow(() -> new IllegalStateException(
                        "dmask.deid.reid-map.enabled is true but dmask.deid.reid-map.key is not set"))));
    }
}
