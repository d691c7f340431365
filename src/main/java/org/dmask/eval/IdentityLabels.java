package org.dmask.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the identity table of a media folder's PROVENANCE.md: rows {@code | A, description | `clip`, `clip` |}
 * name a person and the clips (files {@code clip.mkv} beside it) they appear in.
 */
public final class IdentityLabels {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*([A-Z])\\s*,[^|]*\\|([^|]*)\\|\\s*$");
    private static final Pattern CLIP = Pattern.compile("`([^`]+)`");

    /** A photo of one occasion: {@code person_N.jpg} (or .jpeg, .png). */
    private static final Pattern PHOTO = Pattern.compile("(.+)_(\\d+)\\.(jpe?g|png)", Pattern.CASE_INSENSITIVE);

    private IdentityLabels() {
    }

    /**
     * The photos of a folder of identities (the identity test across occasions): every JPEG or PNG file named
     * {@code person_N} is a photo of {@code person} on occasion N; other files (licences, videos) are not read. A
     * photo named otherwise is an error, so that no photo is silently left out.
     */
    public static List<LabelledClip> photos(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no folder of identity photos (person_1.jpg, person_2.png, ...)");
        }
        List<LabelledClip> photos = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(jpe?g|png)")) {
                    continue;
                }
                Matcher m = PHOTO.matcher(name);
                if (!m.matches()) {
                    throw new IOException(file + ": cannot tell whose photo this is; name identity photos person_N."
                            + "jpg (the same person, other occasions: person_2, person_3, ...)");
                }
                photos.add(new LabelledClip(name.substring(0, name.lastIndexOf('.')), file, m.group(1)));
            }
        }
        if (photos.isEmpty()) {
            throw new IOException(dir + ": no identity photos (person_1.jpg, person_2.png, ...)");
        }
        return List.copyOf(photos);
    }

    public static List<LabelledClip> read(Path mediaDir) throws IOException {
        Path provenance = mediaDir.resolve("PROVENANCE.md");
        if (!Files.isRegularFile(provenance)) {
            throw new IOException(provenance + ": no identity table (PROVENANCE.md) in the media folder");
        }
        List<LabelledClip> clips = new ArrayList<>();
        for (String line : Files.readAllLines(provenance)) {
            Matcher row = ROW.matcher(line.strip());
            if (!row.matches()) {
                continue;
            }
            Matcher clip = CLIP.matcher(row.group(2));
            while (clip.find()) {
                Path file = mediaDir.resolve(clip.group(1) + ".mkv");
                if (!Files.isRegularFile(file)) {
                    throw new IOException(provenance + " names " + clip.group(1) + " but " + file + " is missing");
                }
                clips.add(new LabelledClip(clip.group(1), file, row.group(1)));
            }
        }
        if (clips.isEmpty()) {
            throw new IOException(provenance + ": no identity rows (| A, who | `clip`, ... |)");
        }
        clips.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(clips);
    }
}
