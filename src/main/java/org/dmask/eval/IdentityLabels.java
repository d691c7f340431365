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

    private IdentityLabels() {
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
