package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * {@code dmask users add|passwd|remove|list}: the local users of the HTTP side, in dmask.security.users-file. A
 * password is read from the terminal without echo (twice), or as one line from standard input with
 * {@code --password-stdin}; never from the command line, where other users could see it. The running service picks
 * up a change at the next login.
 */
@ApplicationScoped
public class UsersCommand implements DmaskCommand {

    static final String USAGE = "dmask users add NAME --role ROLE[,ROLE] [--password-stdin] | passwd NAME "
            + "[--password-stdin] | remove NAME | list";

    @Inject
    SecurityConfig config;

    @Override
    public String name() {
        return "users";
    }

    @Override
    public String summary() {
        return "add, remove or list the users of the web side (STOW-RS, API, console), or change a password";
    }

    @Override
    public String usage() {
        return USAGE + "\n"
                + "  roles: admin, operator, auditor, sender (STOW-RS uploads only)\n"
                + "  the password is asked for twice without echo, or read as one line from stdin (--password-stdin)\n"
                + "  the file: dmask.security.users-file (default data/keys/users)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        return run(args, System.in, System.console(), out);
    }

    /** The command with its password sources given: {@code stdin} for --password-stdin, {@code console} or null. */
    public int run(List<String> args, InputStream stdin, Console console, PrintStream out) throws IOException {
        if (args.isEmpty()) {
            throw CommandException.usage("need add, passwd, remove or list (usage: " + USAGE + ")");
        }
        Path file = Path.of(config.usersFile()).toAbsolutePath().normalize();
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (sub) {
                case "add" -> {
                    String user = name(rest);
                    Set<String> roles = new LinkedHashSet<>();
                    boolean fromStdin = false;
                    for (int i = 1; i < rest.size(); i++) {
                        switch (rest.get(i)) {
                            case "--role", "--roles" -> {
                                if (++i >= rest.size()) {
                                    throw CommandException.usage("--role needs a value (usage: " + USAGE + ")");
                                }
                                for (String r : rest.get(i).split(",")) {
                                    if (!r.isBlank()) {
                                        roles.add(r.strip());
                                    }
                                }
                            }
                            case "--password-stdin" -> fromStdin = true;
                            default -> throw unknown(rest.get(i));
                        }
                    }
                    if (roles.isEmpty()) {
                        throw CommandException.usage("add needs --role (admin, operator, auditor, sender)");
                    }
                    char[] password = password(fromStdin, stdin, console, user);
                    try {
                        UsersFile.add(file, user, password, roles);
                    } finally {
                        Arrays.fill(password, '\0');
                    }
                    out.println("added " + user + " (" + String.join(",", roles) + ") to " + file);
                }
                case "passwd" -> {
                    String user = name(rest);
                    boolean fromStdin = false;
                    for (String a : rest.subList(1, rest.size())) {
                        if (!a.equals("--password-stdin")) {
                            throw unknown(a);
                        }
                        fromStdin = true;
                    }
                    char[] password = password(fromStdin, stdin, console, user);
                    try {
                        UsersFile.passwd(file, user, password);
                    } finally {
                        Arrays.fill(password, '\0');
                    }
                    out.println("changed the password of " + user + " in " + file);
                }
                case "remove" -> {
                    String user = name(rest);
                    if (rest.size() > 1) {
                        throw unknown(rest.get(1));
                    }
                    UsersFile.remove(file, user);
                    out.println("removed " + user + " from " + file);
                }
                case "list" -> {
                    if (!rest.isEmpty()) {
                        throw unknown(rest.get(0));
                    }
                    List<UsersFile.User> users = UsersFile.list(file);
                    for (UsersFile.User u : users) {
                        out.printf("%-24s %s%n", u.name(), String.join(",", u.roles()));
                    }
                    if (users.isEmpty()) {
                        out.println("no users in " + file + " (dmask users add NAME --role admin)");
                    }
                }
                default -> throw CommandException.usage("unknown subcommand '" + sub + "' (usage: " + USAGE + ")");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CommandException.failed(e.getMessage());
        }
        return 0;
    }

    private static String name(List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("-")) {
            throw CommandException.usage("need a user name (usage: " + USAGE + ")");
        }
        return rest.get(0);
    }

    private static CommandException unknown(String arg) {
        if (!arg.startsWith("-")) {
            return CommandException.usage("unexpected argument '" + arg + "': a password is never taken from the "
                    + "command line, use --password-stdin or the prompt (usage: " + USAGE + ")");
        }
        return CommandException.usage("unknown option '" + arg + "' (usage: " + USAGE + ")");
    }

    private static char[] password(boolean fromStdin, InputStream stdin, Console console, String user)
            throws IOException {
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
}
