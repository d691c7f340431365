package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.dmask.dicom.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void embeddedProfilesLoadAndNoKeyMeansAGeneratedKeyFile(@TempDir Path dir) {
        Path keyFile = dir.resolve("keys/deid.key");
        DeidService service = new DeidService(TestDeidConfig.withKey(Optional.empty(), keyFile));
        assertTrue(service.profileNames().containsAll(java.util.Set.of("basic", "research", "teleconsult")));
        assertTrue(service.deidentifier("basic") != null);
        assertTrue(Files.isRegularFile(keyFile));
        assertEquals(keyFile.toAbsolutePath() + " (generated now)", service.keySource());
        DeidService configured = new DeidService(TestDeidConfig.withKey(Optional.of(Corpus.TEST_KEY),
                dir.resolve("unused/deid.key")));
        assertTrue(configured.deidentifier("research") != null);
        assertEquals("dmask.deid.key", configured.keySource());
        assertTrue(!Files.exists(dir.resolve("unused")), "a configured key makes no key file");
    }
}
