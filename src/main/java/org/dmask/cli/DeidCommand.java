package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.deid.DeidService;
import org.dmask.deid.DeidentificationException;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Option;
import org.dmask.deid.ProfileException;
import org.dmask.dicom.DicomParseException;
import org.dmask.pixel.PixelCleaner;
import org.dmask.pixel.PixelCleaners;
import org.dmask.pixel.PixelCleaningException;

/**
 * {@code dmask deid --profile NAME IN OUT}: de-identifies a DICOM file, or every file below a directory into the same
 * relative paths below OUT. A file that fails is reported and not written; the others go on. A profile with the
 * {@code clean-pixel-data} option also removes burned-in text from the pixels ({@link PixelCleaner}); a file whose
 * pixels cannot be cleaned fails.
 */
@ApplicationScoped
public class DeidCommand implements DmaskCommand {

    private static final String USAGE = "dmask deid --profile NAME IN OUT";

    private final DeidService service;
    private final PixelCleaners cleaners;

    public DeidCommand(DeidService service, PixelCleaners cleaners) {
        this.service = service;
        this.cleaners = cleaners;
    }

    @Override
    public String name() {
        return "deid";
    }

    @Override
    public String summary() {
        return "de-identify DICOM files by a PS3.15 Annex E profile";
    }

    @Override
    public String usage() {
        return USAGE + "\n  IN and OUT are files, or directories (OUT is created)\n"
                + "  profiles: basic, basic-clean-pixels, research, teleconsult, and those in dmask.deid.profiles";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String profile = null;
        Path in = null;
        Path dst = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--profile")) {
                if (i + 1 >= args.size()) {
                    throw CommandException.usage("--profile needs a name (usage: " + USAGE + ")");
                }
                profile = args.get(++i);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw CommandException.usage("unknown option '" + a + "' (usage: " + USAGE + ")");
            } else if (in == null) {
                in = Path.of(a);
            } else if (dst == null) {
                dst = Path.of(a);
            } else {
                throw CommandException.usage("too many arguments (usage: " + USAGE + ")");
            }
        }
        if (profile == null || in == null || dst == null) {
            throw CommandException.usage("need --profile NAME, IN and OUT (usage: " + USAGE + ")");
        }
        Deidentifier deid;
        try {
            deid = service.deidentifier(profile);
        } catch (ProfileException e) {
            err.println("dmask deid: " + e.getMessage());
            return 2;
        }
        PixelCleaner cleaner = deid.profile().has(Option.CLEAN_PIXEL_DATA) ? cleaners.get() : null;
        if (!Files.exists(in)) {
            err.println("dmask deid: " + in + ": no such file or directory");
            return 1;
        }
        int failures = 0;
        int done = 0;
        try {
            if (Files.isDirectory(in)) {
                Files.createDirectories(dst);
                List<Path> files;
                try (Stream<Path> s = Files.walk(in)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    Path target = dst.resolve(in.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    if (one(deid, cleaner, f, target, err)) {
                        done++;
                    } else {
                        failures++;
                    }
                }
            } else {
                Path target = Files.isDirectory(dst) ? dst.resolve(in.getFileName()) : dst;
                if (one(deid, cleaner, in, target, err)) {
                    done++;
                } else {
                    failures++;
                }
            }
        } catch (IOException e) {
            err.println("dmask deid: " + e.getMessage());
            return 1;
        }
        out.println("de-identified " + done + " file" + (done == 1 ? "" : "s") + " with profile " + profile
                + (failures > 0 ? ", " + failures + " failed" : ""));
        return failures == 0 ? 0 : 1;
    }

    private static boolean one(Deidentifier deid, PixelCleaner cleaner, Path in, Path out, PrintStream err) {
        try {
            if (cleaner == null) {
                deid.deidentifyFile(in, out);
                return true;
            }
            Path tags = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".", ".deid");
            try {
                deid.deidentifyFile(in, tags);
                cleaner.clean(tags, out, PixelCleaner.deviceOf(in));
                return true;
            } finally {
                Files.deleteIfExists(tags);
            }
        } catch (PixelCleaningException e) {
            err.println("dmask deid: " + in + ": " + e.getMessage());
        } catch (DicomParseException e) {
            err.println("dmask deid: " + in + ": not valid DICOM: " + e.getMessage());
        } catch (DeidentificationException e) {
            err.println("dmask deid: " + in + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("dmask deid: " + in + ": cannot read or write: " + e.getMessage());
        }
        return false;
    }
}
