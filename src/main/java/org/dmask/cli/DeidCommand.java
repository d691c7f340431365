package org.dmask.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.deid.DeidConfig;
import org.dmask.deid.DeidService;
import org.dmask.deid.DeidentificationException;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.ProfileException;
import org.dmask.dicom.DicomParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmask deid --profile NAME IN OUT}: de-identifies a DICOM file, or every file below a directory into the same
 * relative paths below OUT. A file that fails is reported and not written; the others go on.
 */
@Command(name = "deid", description = "de-identify DICOM files by a PS3.15 Annex E profile",
        footer = {"", "IN and OUT are files, or directories (OUT is created).",
            "Profiles: basic, research, teleconsult, and those in dmask.deid.profiles."})
public class DeidCommand extends DmaskCommand {

    @Option(names = "--profile", paramLabel = "NAME", required = true, description = "the profile to apply")
    String profile;

    @Parameters(index = "0", paramLabel = "IN", description = "a DICOM file, or a directory of them")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "the file or directory to write")
    Path dst;

    /** Runs without the application: the key and profiles come from the configuration as the service reads it. */
    @Override
    public boolean needsApplication() {
        return false;
    }

    @Override
    protected int run(PrintStream out, PrintStream err) {
        DeidConfig config = StandaloneConfig.read(DeidConfig.class).getConfigMapping(DeidConfig.class);
        DeidService service = new DeidService(config); // a bad profile file or key: exit code 78, one line
        Deidentifier deid;
        try {
            deid = service.deidentifier(profile);
        } catch (ProfileException e) {
            err.println("dmask deid: " + e.getMessage());
            return 2;
        }
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
                    if (one(deid, f, target, err)) {
                        done++;
                    } else {
                        failures++;
                    }
                }
            } else {
                Path target = Files.isDirectory(dst) ? dst.resolve(in.getFileName()) : dst;
                if (one(deid, in, target, err)) {
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

    private static boolean one(Deidentifier deid, Path in, Path out, PrintStream err) {
        try {
            deid.deidentifyFile(in, out);
            return true;
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
