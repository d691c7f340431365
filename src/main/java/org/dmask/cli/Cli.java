package org.dmask.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code dmask} command line on picocli: parses, prints help and usage errors, runs a command and turns its
 * failure into one line and an exit code (0 success, 1 failure, 2 usage error, 78 configuration error, or what a
 * {@link CommandException} carries). Only an unexpected failure adds the hint to run with {@code DMASK_DEBUG=1}.
 */
final class Cli {

    private final CommandLine commandLine;
    private final PrintStream err;
    private final boolean debug;
    private boolean applicationNeeded;

    /**
     * @param factory  makes the command objects: plain constructors, or CDI beans once the application runs
     * @param extra    more commands (tests)
     */
    Cli(IFactory factory, PrintStream out, PrintStream err, boolean debug, Object... extra) {
        this.err = err;
        this.debug = debug;
        this.commandLine = new CommandLine(new Dmask().streams(out, err), factory);
        for (Object command : extra) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setParameterExceptionHandler(this::usageError);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> failure(e, cl));
    }

    /** DMASK_DEBUG=1 (or -Ddmask.debug=true): stack traces with the failures. */
    static boolean debugFromEnvironment() {
        String v = System.getProperty("dmask.debug", System.getenv("DMASK_DEBUG"));
        return v != null && List.of("1", "true", "yes", "y", "on").contains(v.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Runs the command when it needs no application (help, usage errors, dump, deid, completion ...) and returns
     * its exit code; empty when the command needs the application, which the caller then starts.
     */
    OptionalInt executeWithoutApplication(String... args) {
        applicationNeeded = false;
        commandLine.setExecutionStrategy(parsed -> {
            if (needsApplication(parsed)) {
                applicationNeeded = true;
                return 0;
            }
            StandaloneLogging.install();
            return new RunLast().execute(parsed);
        });
        int code = commandLine.execute(args);
        return applicationNeeded ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Runs any command (inside the application). */
    int execute(String... args) {
        commandLine.setExecutionStrategy(new RunLast());
        return commandLine.execute(args);
    }

    /** The class of the sub-command that the arguments name (without running anything), or null. */
    static Class<?> selectedCommand(String... args) {
        try {
            ParseResult parsed = new CommandLine(new Dmask()).parseArgs(args);
            return parsed.hasSubcommand() ? parsed.subcommand().commandSpec().userObject().getClass() : null;
        } catch (ParameterException e) {
            return null;
        }
    }

    private static boolean needsApplication(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return false;
            }
        }
        if (!parsed.hasSubcommand()) {
            return false;
        }
        Object command = parsed.subcommand().commandSpec().userObject();
        return !(command instanceof HelpCommand) && command instanceof DmaskCommand c && c.needsApplication();
    }

    /** "dmask" or "dmask NAME" of the sub-command under the root, as the messages start. */
    private static String name(CommandLine cl) {
        CommandLine top = cl;
        while (top.getParent() != null && top.getParent().getParent() != null) {
            top = top.getParent();
        }
        return top.getParent() == null ? "dmask" : "dmask " + top.getCommandName();
    }

    private int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        if (cl.getParent() == null && e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("dmask: unknown command '" + u.getUnmatched().get(0) + "' (try: dmask help)");
            err.flush();
            return CommandException.USAGE;
        }
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            message = first.startsWith("-") ? "unknown option '" + first + "'" : "unexpected argument '" + first + "'";
        }
        err.println(name(cl) + ": " + message);
        UnmatchedArgumentException.printSuggestions(e, err);
        cl.usage(err);
        err.flush();
        return CommandException.USAGE;
    }

    private int failure(Exception e, CommandLine cl) {
        String name = name(cl);
        try {
            if (e instanceof CommandException c) {
                if (c.exitCode() == CommandException.USAGE) {
                    return usageError(new ParameterException(cl, c.getMessage()), new String[0]);
                }
                err.println(name + ": " + c.getMessage());
                if (debug) {
                    e.printStackTrace(err);
                }
                return c.exitCode();
            }
            Throwable problem = DmaskMain.configurationProblem(e);
            if (problem != null) {
                err.println(name + ": " + DmaskMain.message(problem));
                if (debug) {
                    e.printStackTrace(err);
                }
                return CommandException.CONFIG;
            }
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            err.println(name + ": " + message);
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println(DmaskMain.DEBUG_HINT);
            }
            return 1;
        } finally {
            err.flush();
        }
    }
}
