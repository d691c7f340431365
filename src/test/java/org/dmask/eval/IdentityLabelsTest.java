package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity photos' labels come from their names: person_N, one occasion each. */
class IdentityLabelsTest {

    @Test
    void aPhotoNamedPersonUnderscoreNumberIsThatPersonsPhoto(@TempDir Path dir) throws IOException {
        for (String name : List.of("obama_2.jpg", "obama_1.JPG", "lin_manuel_miranda_1.png", "kit_harington_3.jpeg",
                "LICENSE-face_recognition.txt", "short_hamilton_clip.mp4")) {
            Files.writeString(dir.resolve(name), "");
        }
        List<LabelledClip> photos = IdentityLabels.photos(dir);
        assertEquals(List.of("kit_harington_3", "lin_manuel_miranda_1", "obama_1", "obama_2"),
                photos.stream().map(LabelledClip::name).toList(), "sorted by name; the licence and video not read");
        assertEquals(List.of("kit_harington", "lin_manuel_miranda", "obama", "obama"),
                photos.stream().map(LabelledClip::person).toList());
        assertEquals(dir.resolve("obama_1.JPG"), photos.get(2).file());
    }

    @Test
    void aPhotoWhosePersonCannotBeToldIsAnErrorNotLeftOut(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("obama_1.jpg"), "");
        Files.writeString(dir.resolve("group.jpg"), "");
        IOException e = assertThrows(IOException.class, () -> IdentityLabels.photos(dir));
        assertTrue(e.getMessage().contains("group.jpg") && e.getMessage().contains("person_N"), e.getMessage());
    }

    @Test
    void aFolderWithoutPhotosIsAnError(@TempDir Path dir) throws IOException {
        IOException none = assertThrows(IOException.class, () -> IdentityLabels.photos(dir));
        assertTrue(none.getMessage().contains("no identity photos"), none.getMessage());
        IOException missing = assertThrows(IOException.class, () -> IdentityLabels.photos(dir.resolve("identities")));
        assertTrue(missing.getMessage().contains("no folder of identity photos"), missing.getMessage());
    }
}
