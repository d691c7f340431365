package org.dmask.cli;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Entry point: the packaged application is the command line,
 * {@code java -jar target/quarkus-app/quarkus-run.jar <command> [args...]}.
 *
 * <p>Commands are the {@link DmaskCommand} beans. Exit codes: 0 success, 1 failure,
 * 2 usage error (or whatever a {@link CommandException} carries).
 */
@QuarkusMain
public class DmaskMain implements QuarkusApplication {

    static final String DEBUG_HINT = "(run with DMASK_DEBUG=1 for the stack trace)";

    @Inject
    Instance<DmaskCommand> commandBeans;

    @ConfigProperty(name = "dmask.debug", defaultValue = "false")
    boolean debug;

    @Override
    public int run(String... args) {
        return dispatch(Arrays.asList(args), System.out, System.err);
    }

    int dispatch(List<String> args, PrintStream out, PrintStream err) {
        Map<String, DmaskCommand> commands = commands();
        if (args.isEmpty()) {
            printUsage(commands, err);
            return CommandException.USAGE;
        }
        String name = args.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            return help(commands, args.subList(1, args.size()), out, err);
        }
        DmaskCommand command = commands.get(name);
        if (command == null) {
            err.println("dmask: unknown command '" + name + "' (try: dmask help)");
            return CommandException.USAGE;
        }
        try {
            return command.run(List.copyOf(args.subList(1, args.size())), out, err);
        } catch (CommandException e) {
            err.println("dmask " + name + ": " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return e.exitCode();
        } catch (Exception | LinkageError e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            err.println("dmask " + name + ": " + message);
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println(DEBUG_HINT);
            }
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int help(Map<String, DmaskCommand> commands, List<String> rest, PrintStream out, PrintStream err) {
        if (rest.isEmpty()) {
            printUsage(commands, out);
            return 0;
        }
        DmaskCommand command = commands.get(rest.get(0));
        if (command == null) {
            err.println("dmask: unknown command '" + rest.get(0) + "' (try: dmask help)");
            return CommandException.USAGE;
        }
        out.println("usage: " + command.usage());
        out.println();
        out.println(command.summary());
        return 0;
    }

    private Map<String, DmaskCommand> commands() {
        Map<String, DmaskCommand> byName = new TreeMap<>();
        for (DmaskCommand c : commandBeans) {
            DmaskCommand previous = byName.put(c.name(), c);
            if (previous != null) {
                throw new IllegalStateException("two commands named '" + c.name() + "': "
                        + previous.getClass().getName() + " and " + c.getClass().getName());
            }
        }
        return byName;
    }

    private static void printUsage(Map<String, DmaskCommand> commands, PrintStream ps) {
        ps.println("usage: dmask <command> [args...]");
        ps.println();
        ps.println("commands:");
        int width = Math.max(4, commands.keySet().stream().mapToInt(String::length).max().orElse(0));
        for (DmaskCommand c : commands.values()) {
            ps.printf("  %-" + width + "s  %s%n", c.name(), c.summary());
        }
        ps.printf("  %-" + width + "s  %s%n", "help", "show this help, or 'dmask help <command>'");
        ps.flush();
    }
}
