package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dimse.DimseService;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScu;

/** {@code dmask send}: C-STORE files and directories to a DICOM peer on one association, a status per instance. */
@ApplicationScoped
public class SendCommand implements DmaskCommand {

    private static final String USAGE = "dmask send --host HOST --port PORT --called AET [--aet CALLING] FILE|DIR...";

    @Inject
    DimseService dimse;

    @Override
    public String name() {
        return "send";
    }

    @Override
    public String summary() {
        return "send DICOM files to a peer by C-STORE (TLS from dmask.dimse.scu.tls.*)";
    }

    @Override
    public String usage() {
        return USAGE + "\n  directories are searched recursively; --aet defaults to dmask.dimse.scu.ae-title";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        String host = null;
        Integer port = null;
        String called = null;
        String calling = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--host" -> host = value(args, ++i, a);
                case "--port" -> port = port(value(args, ++i, a));
                case "--called" -> called = value(args, ++i, a);
                case "--aet" -> calling = value(args, ++i, a);
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        throw CommandException.usage("unknown option '" + a + "' (usage: " + USAGE + ")");
                    }
                    inputs.add(Path.of(a));
                }
            }
        }
        if (host == null || port == null || called == null) {
            throw CommandException.usage("--host, --port and --called are required (usage: " + USAGE + ")");
        }
        if (inputs.isEmpty()) {
            throw CommandException.usage("no file given (usage: " + USAGE + ")");
        }
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw CommandException.failed(p + ": no such file or directory");
            }
        }
        StoreScu scu;
        try {
            scu = new StoreScu(dimse.scuSettings(host, port, called, calling));
        } catch (IllegalArgumentException e) {
            throw CommandException.usage(e.getMessage());
        }
        int[] counts = new int[3];
        scu.store(files, r -> {
            String tag = r.success() ? "OK     " : r.warning() ? "WARNING" : "FAILED ";
            counts[r.success() ? 0 : r.warning() ? 1 : 2]++;
            out.println(tag + " " + (r.status() >= 0 ? Status.describe(r.status()) : "-") + " "
                    + (r.sopInstanceUID() == null ? "-" : r.sopInstanceUID()) + " " + r.file()
                    + (r.error() != null ? " (" + r.error() + ")" : ""));
        });
        out.printf("sent %d file(s) to %s@%s:%d: %d succeeded, %d with warnings, %d failed%n", files.size(), called,
                host, port, counts[0], counts[1], counts[2]);
        return counts[2] == 0 ? 0 : 1;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw CommandException.usage(option + " needs a value (usage: " + USAGE + ")");
        }
        return args.get(i);
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw CommandException.usage("--port needs a number from 1 to 65535, not '" + s + "'");
        }
    }
}
