package org.dmask.cli;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.util.ExceptionUtil;
import io.smallrye.config.ConfigValidationException;
import java.io.PrintStream;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Entry point: the packaged application is the command line,
 * {@code java -jar target/quarkus-app/quarkus-run.jar <command> [args...]}.
 *
 * <p>The commands are listed in {@link Dmask}; {@link Cli} parses and runs them. Help, usage errors and the commands
 * that need no application (dump, deid, completion) run at once, without starting Quarkus; the others start the
 * application and run with their CDI beans. Exit codes: 0 success, 1 failure, 2 usage error, 78 configuration error
 * (or whatever a {@link CommandException} carries). A configuration error, found by Quarkus while it starts or by a
 * command, is one line naming the setting or path to fix; only an unexpected failure adds the hint to run with
 * {@code DMASK_DEBUG=1}.
 */
@QuarkusMain
public class DmaskMain implements QuarkusApplication {

    static final String DEBUG_HINT = "(run with DMASK_DEBUG=1 for the stack trace)";

    public static void main(String... args) {
        // With an exit handler Quarkus prints nothing about a failed start: this one says it in one line, and gives
        // a configuration error its own exit code, so that systemd does not restart into the same error.
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        OptionalInt done = new Cli(CommandLine.defaultFactory(), System.out, System.err, Cli.debugFromEnvironment())
                .executeWithoutApplication(args);
        if (done.isPresent()) {
            exit.accept(done.getAsInt(), null);
            return;
        }
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

    @Override
    public int run(String... args) {
        Class<?> selected = Cli.selectedCommand(args);
        return new Cli(new Beans(selected), System.out, System.err, Cli.debugFromEnvironment()).execute(args);
    }

    /** The command that runs (and its sub-commands) from CDI, with its injections; the others plain, for help. */
    private record Beans(Class<?> selected) implements IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (selected != null && (type == selected || type.getEnclosingClass() == selected)) {
                InstanceHandle<K> bean = Arc.container().instance(type);
                if (bean.isAvailable()) {
                    return bean.get();
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
