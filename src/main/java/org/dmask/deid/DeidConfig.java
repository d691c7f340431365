package org.dmask.deid;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code dmask.deid.*}: keys, profiles, the patient lookup table, the date shift, the re-identification map and the
 * settings of the Clean Pixel Data option.
 */
@ConfigMapping(prefix = "dmask.deid")
public interface DeidConfig {

    /**
     * HMAC key for UIDs, patient pseudonyms and date shifts (at least 16 bytes). None built in outside dev/test; when
     * it is not set, the key in {@link #keyFile()} is used (generated there on the first start).
     */
    Optional<String> key();

    /** The key file used when {@link #key()} is not set: one line of base64 of 32 bytes, mode 0600. */
    @WithDefault("data/keys/deid.key")
    Path keyFile();

    /** A YAML file of profiles, added to (and overriding) the embedded ones. */
    Optional<Path> profiles();

    /** A CSV of a site's own patient pseudonyms (original ID, pseudonym ID, pseudonym name). */
    Optional<Path> patientLookup();

    DateShift dateShift();

    /** Clean Pixel Data: a YAML file of region templates (rectangles to blank per device); none built in. */
    Optional<Path> pixelTemplates();

    /** Clean Pixel Data: find burned-in text by OCR (off: region templates only). */
    @WithDefault("true")
    boolean pixelOcr();

    /** Clean Pixel Data: OCR every n-th frame of a multi-frame image or video, and every scene change. */
    @WithDefault("10")
    int pixelSampleEvery();

    ReidMap reidMap();

    interface DateShift {
        /** Earliest shift, in days (negative: into the past). */
        @WithDefault("-3650")
        int minDays();

        @WithDefault("-365")
        int maxDays();
    }

    interface ReidMap {
        /** Keep original <-> pseudonym pairs, encrypted (off by default). */
        @WithDefault("false")
        boolean enabled();

        /** Where the encrypted pairs are appended. */
        Optional<Path> file();

        /** AES key for the map, base64 of 16, 24 or 32 bytes; when not set, the key in {@link #keyFile()}. */
        Optional<String> key();

        /** The map's own key file used when {@link #key()} is not set (generated on first use, mode 0600). */
        @WithDefault("data/keys/reid-map.key")
        Path keyFile();
    }
}
