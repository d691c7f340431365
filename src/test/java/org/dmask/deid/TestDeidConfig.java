package org.dmask.deid;

import java.nio.file.Path;
import java.util.Optional;

/** A {@link DeidConfig} without Quarkus: the embedded profiles, the default date shift, the given keys. */
record TestDeidConfig(Optional<String> key, Path keyFile, boolean reidEnabled, Optional<Path> reidFile,
        Optional<String> reidKey, Path reidKeyFile) implements DeidConfig {

    /** Only the de-identification key (or, when empty, the key file); the map off. */
    static TestDeidConfig withKey(Optional<String> key, Path keyFile) {
        return new TestDeidConfig(key, keyFile, false, Optional.empty(), Optional.empty(),
                keyFile.resolveSibling("reid-map.key"));
    }

    /** The map on, with its file and (when empty) its own key file. */
    static TestDeidConfig withReidMap(Path keyFile, Path mapFile, Optional<String> reidKey, Path reidKeyFile) {
        return new TestDeidConfig(Optional.empty(), keyFile, true, Optional.of(mapFile), reidKey, reidKeyFile);
    }

    @Override
    public Optional<Path> profiles() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> patientLookup() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> pixelTemplates() {
        return Optional.empty();
    }

    @Override
    public boolean pixelOcr() {
        return true;
    }

    @Override
    public int pixelSampleEvery() {
        return 10;
    }

    @Override
    public DateShift dateShift() {
        return new DateShift() {
            public int minDays() {
                return -3650;
            }

            public int maxDays() {
                return -365;
            }
        };
    }

    @Override
    public ReidMap reidMap() {
        return new ReidMap() {
            public boolean enabled() {
                return reidEnabled;
            }

            public Optional<Path> file() {
                return reidFile;
            }

            public Optional<String> key() {
                return reidKey;
            }

            public Path keyFile() {
                return reidKeyFile;
            }
        };
    }
}
