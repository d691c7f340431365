package org.dmask.cli;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Test-only command exercising the command line's error handling; added to a {@link Cli} by CliTest. */
@Command(name = "test-fail", description = "(test only) fail: 'expected', 'config' or 'unexpected'")
public class FailingTestCommand extends DmaskCommand {

    @Parameters(paramLabel = "HOW")
    String how;

    @Override
    public boolean needsApplication() {
        return false;
    }

    @Override
    protected int run(PrintStream out, PrintStream err) {
        if (how.equals("expected")) {
            throw new CommandException(3, "expected failure");
        }
        if (how.equals("config")) {
            throw new IllegalStateException("wrapped", new ConfigurationException("dmask.test.setting: not valid"));
        }
        throw new IllegalStateException("boom");
    }
}
