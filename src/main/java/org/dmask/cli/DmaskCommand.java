package org.dmask.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of the {@code dmask} command line.
 *
 * <p>Implementations are CDI beans (normally {@code @ApplicationScoped}); {@link DmaskMain}
 * discovers them, so adding a command means adding a bean. Names must be unique.
 *
 * <p>To fail with a clean one-line message (no stack trace), throw {@link CommandException}.
 */
public interface DmaskCommand {

    /** The word typed after {@code dmask}, e.g. {@code serve}. */
    String name();

    /** One line shown in {@code dmask help}. */
    String summary();

    /** Usage synopsis, e.g. {@code dmask serve}; may span several lines. */
    default String usage() {
        return "dmask " + name();
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param out  standard output
     * @param err  standard error
     * @return the process exit code (0 for success)
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
