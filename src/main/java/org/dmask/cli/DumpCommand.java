package org.dmask.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomParseException;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tags;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmask dump FILE...}: a dcmdump-like listing of each file's meta group and data set. Large values are shown
 * by size and location, never loaded, so a file of any size lists instantly.
 */
@Command(name = "dump", description = "list the elements of DICOM files, like dcmdump")
public class DumpCommand extends DmaskCommand {

    @Option(names = "--width", paramLabel = "N", defaultValue = "64",
            description = "show at most N characters of each value (default ${DEFAULT-VALUE}, 0: all)")
    int width;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the DICOM files")
    List<Path> files;

    @Override
    public boolean needsApplication() {
        return false;
    }

    @Override
    protected int run(PrintStream out, PrintStream err) {
        int failures = 0;
        for (Path f : files) {
            try {
                dump(f, width, out, files.size() > 1);
            } catch (NoSuchFileException e) {
                err.println("dmask dump: " + f + ": no such file");
                failures++;
            } catch (DicomParseException e) {
                err.println("dmask dump: " + f + ": not valid DICOM: " + e.getMessage());
                failures++;
            } catch (IOException e) {
                err.println("dmask dump: " + f + ": cannot read: " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private void dump(Path file, int width, PrintStream out, boolean header) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        StringBuilder sb = new StringBuilder(4096);
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            if (header) {
                sb.append("# File: ").append(file).append('\n');
            }
            if (fmi != null) {
                sb.append("# File Meta Information\n");
                list(fmi, 0, width, sb);
            } else {
                sb.append("# No File Meta Information\n");
            }
            sb.append("# Data set, ").append(in.transferSyntax().name()).append(" (")
                    .append(in.transferSyntax().uid()).append(")\n");
            list(ds, 0, width, sb);
        }
        out.print(sb);
    }

    private void list(Attributes attrs, int depth, int width, StringBuilder sb) {
        String indent = "  ".repeat(depth);
        for (int i = 0; i < attrs.size(); i++) {
            int tag = attrs.tagAt(i);
            VR vr = attrs.vrAt(i);
            Object value = attrs.valueAt(i);
            String keyword = keywordOf(attrs, tag);
            sb.append(indent).append(Tags.toString(tag)).append(' ').append(vr).append(' ');
            if (value instanceof Sequence seq) {
                sb.append("(Sequence, ").append(seq.size()).append(seq.size() == 1 ? " item)" : " items)");
                comment(sb, keyword);
                for (int k = 0; k < seq.size(); k++) {
                    sb.append(indent).append("  (FFFE,E000) Item ").append(k + 1).append('\n');
                    list(seq.get(k), depth + 2, width, sb);
                }
            } else if (value instanceof Fragments frags) {
                long total = 0;
                for (int k = 0; k < frags.size(); k++) {
                    total += frags.itemLength(k);
                }
                sb.append("(Encapsulated, offset table of ").append(frags.isEmpty() ? 0 : frags.itemLength(0))
                        .append(" bytes + ").append(Math.max(0, frags.size() - 1)).append(" fragments, ")
                        .append(total).append(" bytes)");
                comment(sb, keyword);
            } else if (value instanceof BulkData b) {
                sb.append("(").append(b.length()).append(" bytes at offset ").append(b.offset())
                        .append(b.temporary() ? " of a spool file" : "").append(')');
                comment(sb, keyword);
            } else {
                byte[] raw = (byte[]) value;
                String shown = format(attrs, tag, vr, raw);
                sb.append(width > 0 && shown.length() > width ? shown.substring(0, width) + "..." : shown);
                sb.append("  # ").append(raw.length);
                if (!keyword.isEmpty()) {
                    sb.append(' ').append(keyword);
                }
                sb.append('\n');
            }
        }
    }

    private static void comment(StringBuilder sb, String keyword) {
        if (!keyword.isEmpty()) {
            sb.append("  # ").append(keyword);
        }
        sb.append('\n');
    }

    private static String keywordOf(Attributes attrs, int tag) {
        if (Tags.isPrivateCreator(tag)) {
            return "PrivateCreator";
        }
        if (Tags.isPrivate(tag)) {
            String creator = attrs.privateCreatorOf(tag);
            return creator != null ? "Private (" + creator + ")" : "Private";
        }
        return ElementDictionary.keywordOf(tag);
    }

    private static String format(Attributes attrs, int tag, VR vr, byte[] raw) {
        if (raw.length == 0) {
            return "(no value)";
        }
        if (vr.isString()) {
            String joined = String.join("\\", attrs.getStrings(tag));
            if (vr == VR.UI) {
                String name = UID.nameOf(joined);
                if (!name.isEmpty()) {
                    return "[" + joined + "] " + name;
                }
            }
            return "[" + joined + "]";
        }
        String[] numbers = attrs.getStrings(tag);
        if (numbers.length > 0) {
            return String.join("\\", numbers);
        }
        StringBuilder hex = new StringBuilder(Math.min(raw.length, 64) * 3);
        for (int k = 0; k < raw.length && k < 64; k++) {
            if (k > 0) {
                hex.append('\\');
            }
            hex.append(String.format("%02x", raw[k]));
        }
        return hex.toString();
    }
}
