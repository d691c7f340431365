package org.dmask.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dmask.testing.Peers;

/**
 * The normalised {@code dcmdump -q +U8 +L} listing of a file, for comparing a file with its rewrite: comments, empty
 * lines, the file meta group, group lengths and delimitation items are dropped; "??" (implicit VR unknown) reads as
 * UN; the length/VM comment is stripped; explicit/undefined length of sequences and items is not shown. Indentation
 * (nesting) is kept. The output is handled as ISO-8859-1 so that binary bytes survive unchanged.
 */
public final class DcmdumpListing {

    private static final Pattern TAG_START = Pattern.compile("^\\s*\\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\\)");
    private static final Pattern UNKNOWN_VR = Pattern.compile("^(\\s*\\([0-9a-fA-F]{4},[0-9a-fA-F]{4}\\) )\\?\\?");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * The normalised lines, the raw process result (exit code, stderr), and whether +U8 was in effect (false when
     * DCMTK could not convert the file's character set to UTF-8 and the raw bytes were listed instead).
     */
    public record Listing(List<String> lines, Peers.ProcessResult result, boolean utf8) {
    }

    private DcmdumpListing() {
    }

    /**
     * Lists with +U8; when DCMTK cannot convert the character set (its iconv build cannot do ISO 2022 IR 87, and
     * rejects an unreadable (0008,0005)), lists the raw value bytes instead.
     */
    public static Listing of(Path file) {
        Listing l = of(file, true);
        if (l.result().exitCode() != 0 && isCharsetFailure(l.result())) {
            return of(file, false);
        }
        return l;
    }

    public static Listing of(Path file, boolean utf8) {
        Path dcmdump = Peers.require("dcmdump", "dcmtk");
        List<String> cmd = utf8 ? List.of(dcmdump.toString(), "-q", "+U8", "+L", file.toString())
                : List.of(dcmdump.toString(), "-q", "+L", file.toString());
        Peers.ProcessResult r = Peers.run(TIMEOUT, cmd);
        return new Listing(normalise(r.stdoutLatin1()), r, utf8);
    }

    static boolean isCharsetFailure(Peers.ProcessResult r) {
        String err = r.stderrLatin1();
        return err.contains("character encoding") || err.contains("character set");
    }

    public static List<String> normalise(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank() || line.startsWith("# ") || line.equals("#")) {
                continue;
            }
            var m = TAG_START.matcher(line);
            if (m.find()) {
                if (m.group(1).equals("0002") || m.group(2).equals("0000")) {
                    continue;
                }
            }
            if (line.contains("DelimitationItem")) {
                continue;
            }
            line = UNKNOWN_VR.matcher(line).replaceFirst("$1UN");
            int hash = line.lastIndexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.stripTrailing()
                    .replace("(Sequence with explicit length", "(Sequence")
                    .replace("(Sequence with undefined length", "(Sequence")
                    .replace("(Item with explicit length", "(Item")
                    .replace("(Item with undefined length", "(Item");
            out.add(line);
        }
        return out;
    }

    /** A short unified-style diff around the first differing line, for failure messages. */
    public static String diff(List<String> expected, List<String> actual, int context, int maxLines) {
        int first = 0;
        while (first < expected.size() && first < actual.size() && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        if (first == expected.size() && first == actual.size()) {
            return "(no difference)";
        }
        // End of the differing region: skip common suffix.
        int e = expected.size();
        int a = actual.size();
        while (e > first && a > first && expected.get(e - 1).equals(actual.get(a - 1))) {
            e--;
            a--;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("@@ -").append(first + 1).append(',').append(e - first)
                .append(" +").append(first + 1).append(',').append(a - first).append(" @@\n");
        for (int i = Math.max(0, first - context); i < first; i++) {
            sb.append("  ").append(printable(expected.get(i))).append('\n');
        }
        int shown = 0;
        for (int i = first; i < e && shown < maxLines; i++, shown++) {
            sb.append("- ").append(printable(expected.get(i))).append('\n');
        }
        shown = 0;
        for (int i = first; i < a && shown < maxLines; i++, shown++) {
            sb.append("+ ").append(printable(actual.get(i))).append('\n');
        }
        if (e - first > maxLines || a - first > maxLines) {
            sb.append("  ... (").append(e - first).append(" original / ").append(a - first)
                    .append(" rewritten lines differ)\n");
        }
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '.' : c);
        }
        if (s.length() > 300) {
            sb.append("...");
        }
        return sb.toString();
    }
}
