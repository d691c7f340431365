package org.dmask.cli;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.util.ExceptionUtil;
import io.smallrye.config.ConfigValidationException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Entry point: the packaged application is the command line,
 * {@code java -jar target/quarkus-app/quarkus-run.jar <command> [args...]}.
 *
 * <p>Commands are the {@link DmaskCommand} beans. Exit codes: 0 success, 1 failure, 2 usage error,
 * 78 configuration error (or whatever a {@link CommandException} carries). A configuration error, found by Quarkus
 * while it starts or by a command, is one line naming the setting or path to fix; only an unexpected failure adds the
 * hint to run with {@code DMASK_DEBUG=1}.
 */
@QuarkusMain
public class DmaskMain implements QuarkusApplication {

    static final String DEBUG_HINT = "(run with DMASK_DEBUG=1 for the stack trace)";

    public static void main(String... args) {
        // With an exit handler Quarkus prints nothing about a failed start: this one says it in one line, and gives
        // a configuration error its own exit code, so that systemd does not restart into the same error.
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        Quarkus.run(DmaskMain.class, (code, failure) -> exit.accept(startFailure(code, failure, System.err), failure),
                args);
    }

    /** Reports a failure of Quarkus's start (none: nothing) and returns the exit code to leave with. */
    static int startFailure(int code, Throwable failure, PrintStream err) {
        if (failure == null) {
            return code;
        }
        Throwable problem = configurationProblem(failure);
        if (problem != null) {
            err.println("dmask: " + message(problem));
            err.flush();
            return CommandException.CONFIG;
        }
        if (ExceptionUtil.getRootCause(failure) instanceof QuarkusBindException bind) {
            err.println("dmask: port " + bind.getPort() + " on " + bind.getHost() + " is in use by another process "
                    + "(another dmask still running?); or choose another with quarkus.http.port");
            err.flush();
            return code == 0 ? 1 : code;
        }
        Logger.getLogger(DmaskMain.class).error("dmask could not start", failure);
        return code == 0 ? 1 : code;
    }

    /** The configuration problem (Quarkus's or SmallRye Config's own) in the cause chain, or null. */
    static Throwable configurationProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationException || t instanceof ConfigValidationException) {
                return t;
            }
        }
        return null;
    }

    /** One line: SmallRye's validation problems joined, without their SRCFG codes. */
    static String message(Throwable problem) {
        if (problem instanceof ConfigValidationException v && v.getProblemCount() > 0) {
            List<String> problems = new java.util.ArrayList<>();
            for (int i = 0; i < v.getProblemCount(); i++) {
                problems.add(v.getProblem(i).getMessage().replaceAll("SRCFG\\d+: ", "")
                        .replaceFirst("^[\\w.$]+(Exception|Error): ", "").strip());
            }
            return "configuration: " + String.join("; ", problems);
        }
        String m = problem.getMessage() != null ? problem.getMessage() : problem.getClass().getName();
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }

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
            Throwable problem = configurationProblem(e);
            if (problem != null) {
                err.println("dmask " + name + ": " + message(problem));
                if (debug) {
                    e.printStackTrace(err);
                }
                return CommandException.CONFIG;
            }
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
