package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
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
import org.dmask.deid.Option;
import org.dmask.deid.ProfileException;
import org.dmask.dicom.DicomParseException;
import org.dmask.pixel.PixelCleaner;
import org.dmask.pixel.PixelCleaners;
import org.dmask.pixel.PixelCleaningException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dmask deid --profile NAME IN OUT}: de-identifies a DICOM file, or every file below a directory into the same
 * relative paths below OUT. A file that fails is reported and not written; the others go on. A profile with the
 * {@code clean-pixel-data} option also removes burned-in text from the pixels ({@link PixelCleaner}); a file whose
 * pixels cannot be cleaned fails.
 */
@Command(name = "deid", description = "de-identify DICOM files by a PS3.15 Annex E profile",
        footer = {"", "IN and OUT are files, or directories (OUT is created).",
            "Profiles: basic, basic-clean-pixels, research, teleconsult, and those in dmask.deid.profiles."})
@Dependent
@Unremovable
public class DeidCommand extends DmaskCommand {

    @picocli.CommandLine.Option(names = "--profile", paramLabel = "NAME", required = true,
            description = "the profile to apply")
    String profile;

    @Parameters(index = "0", paramLabel = "IN", description = "a DICOM file, or a directory of them")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "the file or directory to write")
    Path dst;

    /** From CDI when the application runs; otherwise made from the configuration read without it. */
    @Inject
    DeidService service;
    @Inject
    PixelCleaners cleaners;

    /**
     * Runs without the application (the key and profiles come from the configuration as the service reads it),
     * unless the profile cleans pixels: the text detection engine is the application's.
     */
    @Override
    public boolean needsApplication() {
        try {
            return service().deidentifier(profile).profile().has(Option.CLEAN_PIXEL_DATA);
        } catch (RuntimeException e) {
            return false; // an unknown profile or a configuration error: run() says it, as it would in the application
        }
    }

    private DeidService service() {
        if (service == null) {
            DeidConfig config = StandaloneConfig.read(DeidConfig.class).getConfigMapping(DeidConfig.class);
            service = new DeidService(config); // a bad profile file or key: exit code 78, one line
        }
        return service;
    }

    @Override
    protected int run(PrintStream out, PrintStream err) {
        DeidService service = service();
        Deidentifier deid;
        try {
            deid = service.deidentifier(profile);
        } catch (ProfileException e) {
            err.println("dmask deid: " + e.getMessage());
            return 2;
        }
        PixelCleaner cleaner = null;
        if (deid.profile().has(Option.CLEAN_PIXEL_DATA)) {
            if (cleaners == null) {
                throw new IllegalStateException("profile " + profile + " cleans pixels: it runs in the application");
            }
            cleaner = cleaners.get();
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
