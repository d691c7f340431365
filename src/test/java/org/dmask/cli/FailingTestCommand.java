package org.dmask.cli;

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
        return "(test only) fail: 'expected' or 'unexpected'";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("expected")) {
            throw new CommandException(3, "expected failure");
        }
        throw new IllegalStateException("boom");
    }
}
