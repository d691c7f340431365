package org.dmask.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's own patient pseudonyms, from a CSV file: {@code original patient ID,pseudonym ID,pseudonym name}. Lines
 * starting with '#' and blank lines are skipped; the name column may be empty (the pseudonym ID is used then).
 */
public final class PatientLookupTable {

    public record Entry(String pseudonymId, String pseudonymName) {
    }

    private final Map<String, Entry> byOriginalId;

    private PatientLookupTable(Map<String, Entry> byOriginalId) {
        this.byOriginalId = byOriginalId;
    }

    public static PatientLookupTable read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Map<String, Entry> map = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 2 || f.length > 3 || f[0].isBlank() || f[1].isBlank()) {
                throw new IllegalArgumentException(csv + ":" + (n + 1)
                        + ": expected 'original ID,pseudonym ID[,pseudonym name]'");
            }
            String name = f.length == 3 && !f[2].isBlank() ? f[2].strip() : f[1].strip();
            if (map.put(f[0].strip(), new Entry(f[1].strip(), name)) != null) {
                throw new IllegalArgumentException(csv + ":" + (n + 1) + ": patient ID '" + f[0].strip()
                        + "' listed twice");
            }
        }
        return new PatientLookupTable(Map.copyOf(map));
    }

    public Entry lookup(String originalId) {
        return byOriginalId.get(originalId);
    }
}
