package org.dmask.cli;

import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.util.List;

/** Test-only command exercising DmaskMain's error handling. */
@ApplicationScoped
public class FailingTestCommand implements DmaskCommand {

    @Override
    public String name() {
        return "test-fail";
    }

    @Override
    public String summary() {
        return "(test only) fail: 'expected', 'config' or 'unexpected'";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("expected")) {
            throw new CommandException(3, "expected failure");
        }
        if (args.contains("config")) {
            throw new IllegalStateException("wrapped", new ConfigurationException("dmask.test.setting: not valid"));
        }
        throw new IllegalStateException("boom");
    }
}
