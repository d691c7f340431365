package org.dmask.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.util.List;

/** {@code dmask serve}: runs the service until it is stopped (SIGTERM / Ctrl-C). */
@ApplicationScoped
public class ServeCommand implements DmaskCommand {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run the service (HTTP, health at /q/health) until stopped";
    }

    @Override
    public String usage() {
        return "dmask serve";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            throw CommandException.usage("unexpected argument '" + args.get(0) + "' (usage: " + usage() + ")");
        }
        Quarkus.waitForExit();
        return 0;
    }
}
