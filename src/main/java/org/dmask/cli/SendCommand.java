package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.dmask.dicomweb.StowClient;
import java.util.stream.Stream;
import org.dmask.dimse.DimseService;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScu;

/**
 * {@code dmask send}: C-STORE files and directories to a DICOM peer on one association, a status per instance; or,
 * with {@code --stow URL}, one STOW-RS request to a DICOMweb server (another dmask, a PACS), logged in by HTTP Basic
 * ({@code --user}, the password from {@code DMASK_STOW_PASSWORD} or {@code --password-file}) or by a bearer token
 * ({@code DMASK_STOW_TOKEN} or {@code --token-file}). Secrets are never taken from the command line.
 */
@ApplicationScoped
public class SendCommand implements DmaskCommand {

    private static final String USAGE = "dmask send --host HOST --port PORT --called AET [--aet CALLING] FILE|DIR...\n"
            + "       dmask send --stow URL [--user NAME [--password-file FILE]] [--token-file FILE] FILE|DIR...";

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
        return USAGE + "\n  directories are searched recursively; --aet defaults to dmask.dimse.scu.ae-title"
                + "\n  --stow: URL of the studies resource, e.g. https://dmask.example.org:8443/dicomweb/studies;"
                + "\n  password from --password-file or DMASK_STOW_PASSWORD, token from --token-file or DMASK_STOW_TOKEN";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        String host = null;
        Integer port = null;
        String called = null;
        String calling = null;
        String stow = null;
        String user = null;
        Path passwordFile = null;
        Path tokenFile = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--host" -> host = value(args, ++i, a);
                case "--port" -> port = port(value(args, ++i, a));
                case "--called" -> called = value(args, ++i, a);
                case "--aet" -> calling = value(args, ++i, a);
                case "--stow" -> stow = value(args, ++i, a);
                case "--user" -> user = value(args, ++i, a);
                case "--password-file" -> passwordFile = Path.of(value(args, ++i, a));
                case "--token-file" -> tokenFile = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        throw CommandException.usage("unknown option '" + a + "' (usage: " + USAGE + ")");
                    }
                    inputs.add(Path.of(a));
                }
            }
        }
        if (stow != null) {
            if (host != null || port != null || called != null || calling != null) {
                throw CommandException.usage("--stow excludes --host, --port, --called and --aet (usage: " + USAGE
                        + ")");
            }
            return stow(stow, authorization(user, passwordFile, tokenFile, System.getenv()), files(inputs), out);
        }
        if (user != null || passwordFile != null || tokenFile != null) {
            throw CommandException.usage("--user, --password-file and --token-file go with --stow (usage: " + USAGE
                    + ")");
        }
        if (host == null || port == null || called == null) {
            throw CommandException.usage("--host, --port and --called are required (usage: " + USAGE + ")");
        }
        List<Path> files = files(inputs);
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

    private static List<Path> files(List<Path> inputs) throws IOException {
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
        return files;
    }

    /** The Authorization header: a bearer token, or Basic for --user; null for neither. */
    static String authorization(String user, Path passwordFile, Path tokenFile, Map<String, String> env)
            throws IOException {
        String token = tokenFile != null ? secret(tokenFile) : env.get("DMASK_STOW_TOKEN");
        if (token != null && !token.isBlank()) {
            if (user != null) {
                throw CommandException.usage("a token and --user exclude each other");
            }
            return StowClient.bearer(token.strip());
        }
        if (user == null) {
            return null;
        }
        String password = passwordFile != null ? secret(passwordFile) : env.get("DMASK_STOW_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw CommandException.usage("--user " + user + " needs a password: --password-file FILE or the "
                    + "environment variable DMASK_STOW_PASSWORD");
        }
        return StowClient.basic(user, password);
    }

    private static String secret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw CommandException.failed(file + ": no such file");
        }
        String first = Files.readAllLines(file).stream().findFirst().orElse("");
        return first.strip();
    }

    private static int stow(String url, String authorization, List<Path> files, PrintStream out)
            throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CommandException.usage("--stow " + url + ": not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw CommandException.usage("--stow " + url + ": needs an http:// or https:// URL");
        }
        StowClient.Response r;
        try {
            r = new StowClient(uri, authorization).store(files);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandException.failed("interrupted");
        } catch (IOException e) {
            throw CommandException.failed("STOW-RS to " + uri + ": " + e.getMessage());
        }
        out.printf("sent %d file(s) by STOW-RS to %s: HTTP %d%n", files.size(), uri, r.status());
        return switch (r.status()) {
            case 200 -> 0;
            case 401 -> throw CommandException.failed("STOW-RS to " + uri + " answered 401: log in with --user and "
                    + "DMASK_STOW_PASSWORD, or a token (DMASK_STOW_TOKEN)");
            case 403 -> throw CommandException.failed("STOW-RS to " + uri + " answered 403: this user may not store"
                    + " (needs the role sender there)");
            default -> {
                out.println(r.body());
                yield 1;
            }
        };
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
