package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.dmask.route.DeadLetterCipher;
import org.dmask.route.Gateway;
import org.dmask.route.RouteConfig;

/**
 * {@code dmask dead-letter open FILE.dcm.enc OUT.dcm}: decrypts a dead letter with the key of
 * {@code dmask.route.dead-letter-key-file}, to look at it or send it again. The output is owner-only, written under a
 * temporary name and renamed: complete or absent.
 */
@ApplicationScoped
public class DeadLetterCommand implements DmaskCommand {

    private final RouteConfig config;

    public DeadLetterCommand(RouteConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "dead-letter";
    }

    @Override
    public String summary() {
        return "admin: decrypt an encrypted dead letter (dmask.route.dead-letter-key-file)";
    }

    @Override
    public String usage() {
        return "dmask dead-letter open FILE.dcm.enc OUT.dcm";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 3 || !args.get(0).equals("open")) {
            throw CommandException.usage("usage: " + usage());
        }
        Path in = Path.of(args.get(1));
        Path target = Path.of(args.get(2));
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
            Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
