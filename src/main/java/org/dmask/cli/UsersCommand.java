package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dmask.admin.security.SecurityConfig;
import org.dmask.admin.security.UsersFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dmask users add|passwd|remove|list}: the local users of the HTTP side, in dmask.security.users-file. A
 * password is read from the terminal without echo (twice), or as one line from standard input with
 * {@code --password-stdin}; never from the command line, where other users could see it. The running service picks
 * up a change at the next login.
 */
@Command(name = "users", description = "add, remove or list the users of the web side (STOW-RS, API, console), or "
        + "change a password",
        subcommands = {UsersCommand.Add.class, UsersCommand.Passwd.class, UsersCommand.Remove.class,
            UsersCommand.ListUsers.class},
        footer = {"", "Roles: admin, operator, auditor, sender (STOW-RS uploads only).",
            "The password is asked for twice without echo, or read as one line from stdin (--password-stdin).",
            "The file: dmask.security.users-file (default data/keys/users)."})
@Dependent
@Unremovable
public class UsersCommand extends DmaskCommand {

    private static final String NOT_FROM_ARGV = "a password is never taken from the command line, use "
            + "--password-stdin or the prompt";

    @Inject
    SecurityConfig config;

    private InputStream stdin = System.in;
    private Console console = System.console();

    @Override
    protected int run(PrintStream out, PrintStream err) {
        throw usageError("need add, passwd, remove or list");
    }

    /** The command with its password sources given: {@code stdin} for --password-stdin, {@code console} or null. */
    public int run(List<String> args, InputStream stdin, Console console, PrintStream out) throws Exception {
        this.stdin = stdin;
        this.console = console;
        return run(args, out, System.err);
    }

    Path file() {
        return Path.of(config.usersFile()).toAbsolutePath().normalize();
    }

    /** {@code dmask users add NAME --role ROLE[,ROLE] [--password-stdin]}. */
    @Command(name = "add", description = "add a user with its roles and a password")
    public static class Add extends DmaskCommand {
        @ParentCommand
        UsersCommand users;
        @Parameters(index = "0", paramLabel = "NAME", description = "the user name")
        String user;
        @Parameters(index = "1..*", hidden = true)
        List<String> extra = List.of();
        @Option(names = {"--role", "--roles"}, paramLabel = "ROLE[,ROLE]", required = true, split = ",",
                description = "admin, operator, auditor, sender")
        List<String> roles;
        @Option(names = "--password-stdin", description = "read the password as one line from standard input")
        boolean fromStdin;

        @Override
        protected int run(PrintStream out, PrintStream err) throws IOException {
            if (!extra.isEmpty()) {
                throw usageError("unexpected argument: " + NOT_FROM_ARGV);
            }
            Set<String> set = new LinkedHashSet<>();
            roles.stream().filter(r -> !r.isBlank()).map(String::strip).forEach(set::add);
            if (set.isEmpty()) {
                throw usageError("add needs --role (admin, operator, auditor, sender)");
            }
            Path file = users.file();
            char[] password = users.password(fromStdin, user);
            try {
                onFile(() -> {
                    UsersFile.add(file, user, password, set);
                    return null;
                });
            } finally {
                Arrays.fill(password, '\0');
            }
            out.println("added " + user + " (" + String.join(",", set) + ") to " + file);
            return 0;
        }
    }

    /** {@code dmask users passwd NAME [--password-stdin]}. */
    @Command(name = "passwd", description = "change a user's password")
    public static class Passwd extends DmaskCommand {
        @ParentCommand
        UsersCommand users;
        @Parameters(index = "0", paramLabel = "NAME", description = "the user name")
        String user;
        @Parameters(index = "1..*", hidden = true)
        List<String> extra = List.of();
        @Option(names = "--password-stdin", description = "read the password as one line from standard input")
        boolean fromStdin;

        @Override
        protected int run(PrintStream out, PrintStream err) throws IOException {
            if (!extra.isEmpty()) {
                throw usageError("unexpected argument: " + NOT_FROM_ARGV);
            }
            Path file = users.file();
            char[] password = users.password(fromStdin, user);
            try {
                onFile(() -> {
                    UsersFile.passwd(file, user, password);
                    return null;
                });
            } finally {
                Arrays.fill(password, '\0');
            }
            out.println("changed the password of " + user + " in " + file);
            return 0;
        }
    }

    /** {@code dmask users remove NAME}. */
    @Command(name = "remove", description = "remove a user")
    public static class Remove extends DmaskCommand {
        @ParentCommand
        UsersCommand users;
        @Parameters(paramLabel = "NAME", description = "the user name")
        String user;

        @Override
        protected int run(PrintStream out, PrintStream err) throws IOException {
            Path file = users.file();
            onFile(() -> {
                UsersFile.remove(file, user);
                return null;
            });
            out.println("removed " + user + " from " + file);
            return 0;
        }
    }

    /** {@code dmask users list}. */
    @Command(name = "list", description = "list the users and their roles")
    public static class ListUsers extends DmaskCommand {
        @ParentCommand
        UsersCommand users;

        @Override
        protected int run(PrintStream out, PrintStream err) throws IOException {
            Path file = users.file();
            List<UsersFile.User> all = onFile(() -> UsersFile.list(file));
            for (UsersFile.User u : all) {
                out.printf("%-24s %s%n", u.name(), String.join(",", u.roles()));
            }
            if (all.isEmpty()) {
                out.println("no users in " + file + " (dmask users add NAME --role admin)");
            }
            return 0;
        }
    }

    private char[] password(boolean fromStdin, String user) throws IOException {
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw CommandException.failed("--password-stdin: no password on standard input");
            }
            return line.toCharArray();
        }
        if (console == null) {
            throw CommandException.usage("no terminal to ask for the password: pipe it in with --password-stdin");
        }
        char[] first = console.readPassword("password for %s: ", user);
        char[] second = console.readPassword("again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw CommandException.failed("the two passwords differ; nothing changed");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    /** A read or change of the users file. */
    @FunctionalInterface
    interface FileAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action}; what the users file refuses (a bad name, an unknown user) is one line and exit 1. */
    static <T> T onFile(FileAction<T> action) throws IOException {
        try {
            return action.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CommandException.failed(e.getMessage());
        }
    }
}
