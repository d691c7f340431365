package org.dmask.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * One sub-command of the {@code dmask} command line: a picocli {@code @Command} whose options and parameters are
 * annotated fields, listed in {@link Dmask}'s subcommands.
 *
 * <p>A command that needs the application (CDI beans, the gateway) is a {@code @Dependent @Unremovable} bean:
 * {@link DmaskMain} starts Quarkus for it and takes it from CDI. One that needs none says so with
 * {@link #needsApplication()} and runs in a plain JVM, without starting Quarkus, Camel or the HTTP server (help,
 * dump, deid and completion start in well under a second).
 *
 * <p>To fail with a clean one-line message (no stack trace), throw {@link CommandException}; for a wrong
 * combination of arguments, {@link #usageError(String)} (exit code 2 with the usage).
 */
public abstract class DmaskCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private CommandLine own;

    /** False for a command that runs without starting the application (no CDI, no Camel, no HTTP). */
    public boolean needsApplication() {
        return true;
    }

    /**
     * Runs the command.
     *
     * @param out standard output
     * @param err standard error
     * @return the process exit code (0 for success)
     */
    protected abstract int run(PrintStream out, PrintStream err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        Dmask root = (Dmask) spec.root().userObject();
        try {
            return run(root.out(), root.err());
        } catch (LinkageError e) { // a native library that does not load: one line like any failure
            throw new IllegalStateException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
    }

    /**
     * Runs this command object with the given arguments, outside the {@code dmask} command line (a bean with its
     * injections, in a test). A usage error is a {@link CommandException} with exit code 2.
     */
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (own == null) {
            own = new CommandLine(this); // once: a later parse starts again from the options' initial values
        }
        ParseResult leaf;
        try {
            leaf = own.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw CommandException.usage(e.getMessage());
        }
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        try {
            return ((DmaskCommand) leaf.commandSpec().userObject()).run(out, err);
        } catch (ParameterException e) {
            throw CommandException.usage(e.getMessage());
        }
    }

    /** A usage error of this command: its message, then the command's usage on stderr, exit code 2. */
    protected ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
