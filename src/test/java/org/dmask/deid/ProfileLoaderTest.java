package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.dmask.dicom.Tag;
import org.junit.jupiter.api.Test;

class ProfileLoaderTest {

    @Test
    void readsOptionsOverridesAndSafePrivate() {
        Map<String, Profile> p = ProfileLoader.parse("p.yaml", """
                profiles:
                  study:
                    options: [clean-descriptors, retain-uids]
                    overrides:
                      StudyDescription: keep
                      "(0008,0080)": {replace: HOSPITAL}
                      AccessionNumber: hash
                    safe-private:
                      - {creator: "SIEMENS CSA HEADER", element: "0x08"}
                """);
        Profile s = p.get("study");
        assertEquals(java.util.Set.of(Option.CLEAN_DESCRIPTORS, Option.RETAIN_UIDS), s.options());
        assertEquals(Profile.Override.Kind.KEEP, s.overrides().get(Tag.StudyDescription).kind());
        assertEquals("HOSPITAL", s.overrides().get(Tag.InstitutionName).value());
        assertEquals(Profile.Override.Kind.HASH, s.overrides().get(Tag.AccessionNumber).kind());
        assertTrue(s.isSafePrivate("SIEMENS CSA HEADER", 0x00291008));
    }

    @Test
    void errorsNameFileLineAndAttribute() {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse("site.yaml", """
                profiles:
                  a:
                    overrides:
                      StudyDescription: keep
                      PatientNmae: remove
                """));
        assertEquals("site.yaml:5: profile 'a': unknown attribute 'PatientNmae'", e.getMessage());

        e = assertThrows(ProfileException.class, () -> ProfileLoader.parse("site.yaml", """
                profiles:
                  a:
                    options: [retain-uids, retain-everything]
                """));
        assertEquals("site.yaml:3: profile 'a': unknown option 'retain-everything'", e.getMessage());

        e = assertThrows(ProfileException.class, () -> ProfileLoader.parse("site.yaml", """
                profiles:
                  a:
                    overrides:
                      Rows: {replace: "12"}
                """));
        assertEquals("site.yaml:4: profile 'a': attribute Rows (US) cannot be replaced by text", e.getMessage());

        e = assertThrows(ProfileException.class, () -> ProfileLoader.parse("site.yaml", """
                profiles:
                  a:
                    options: [retain-longitudinal-full-dates, retain-longitudinal-modified-dates]
                """));
        assertTrue(e.getMessage().startsWith("site.yaml:3: profile a: retain-longitudinal-full-dates and"),
                e.getMessage());

        e = assertThrows(ProfileException.class, () -> ProfileLoader.parse("site.yaml", "profiles: [a\n"));
        assertTrue(e.getMessage().startsWith("site.yaml: not valid YAML"), e.getMessage());
    }

    @Test
    void embeddedProfilesLoadAndNoKeyMeansAClearError() {
        DeidService service = new DeidService(config(Optional.empty()));
        assertTrue(service.profileNames().containsAll(java.util.Set.of("basic", "research", "teleconsult")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> service.deidentifier("basic"));
        assertTrue(e.getMessage().startsWith("dmask.deid.key is not set"), e.getMessage());
        assertTrue(new DeidService(config(Optional.of(Corpus.TEST_KEY))).deidentifier("research") != null);
    }

    static DeidConfig config(Optional<String> key) {
        return new DeidConfig() {
            public Optional<String> key() {
                return key;
            }

            public Optional<Path> profiles() {
                return Optional.empty();
            }

            public Optional<Path> patientLookup() {
                return Optional.empty();
            }

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

            public ReidMap reidMap() {
                return new ReidMap() {
                    public boolean enabled() {
                        return false;
                    }

                    public Optional<Path> file() {
                        return Optional.empty();
                    }

                    public Optional<String> key() {
                        return Optional.empty();
                    }
                };
            }
        };
    }
}
