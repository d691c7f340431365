package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.dmask.route.delivery.DeadLetterCipher;
import org.dmask.route.Gateway;
import org.dmask.route.RouteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dmask dead-letter open FILE.dcm.enc OUT.dcm}: decrypts a dead letter with the key of
 * {@code dmask.route.dead-letter-key-file}, to look at it or send it again. The output is owner-only, written under a
 * temporary name and renamed: complete or absent.
 */
@Command(name = "dead-letter", description = "admin: decrypt an encrypted dead letter "
        + "(dmask.route.dead-letter-key-file)", subcommands = DeadLetterCommand.Open.class)
@Dependent
@Unremovable
public class DeadLetterCommand extends DmaskCommand {

    @Override
    protected int run(PrintStream out, PrintStream err) {
        throw usageError("need open FILE.dcm.enc OUT.dcm");
    }

    /** {@code dmask dead-letter open FILE.dcm.enc OUT.dcm}. */
    @Command(name = "open", description = "decrypt FILE.dcm.enc into OUT.dcm (owner-only, complete or absent)")
    @Dependent
    @Unremovable
    public static class Open extends DmaskCommand {

        @Parameters(index = "0", paramLabel = "FILE.dcm.enc", description = "the encrypted dead letter")
        Path in;
        @Parameters(index = "1", paramLabel = "OUT.dcm", description = "where to write the DICOM file")
        Path target;

        @Inject
        RouteConfig config;

        @Override
        protected int run(PrintStream out, PrintStream err) {
            if (!Files.isRegularFile(in)) {
                throw CommandException.failed(in + ": no such file");
            }
            Path keyFile = config.deadLetterKeyFile().orElseThrow(() -> CommandException.failed(
                    "dmask.route.dead-letter-key-file is not set: dead letters are not encrypted here"));
            if (!Files.exists(keyFile)) {
                throw CommandException.failed("dmask.route.dead-letter-key-file " + keyFile + ": no such key file");
            }
            DeadLetterCipher cipher = Gateway.deadLetterCipher(keyFile);
            Path dir = target.toAbsolutePath().getParent();
            Path part = dir.resolve("." + target.getFileName() + ".part");
            try {
                Files.deleteIfExists(part);
                Files.createFile(part,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (InputStream i = Files.newInputStream(in);
                        OutputStream o = Files.newOutputStream(part, StandardOpenOption.TRUNCATE_EXISTING)) {
                    cipher.decrypt(i, o);
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw CommandException.failed("dmask dead-letter: " + in + ": " + e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // nothing more to clean up
                }
            }
            out.println(target);
            return 0;
        }
    }
}
