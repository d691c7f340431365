package org.dmask.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.List;
import org.dmask.dimse.DimseService;

/** {@code dmask serve}: runs the service until it is stopped (SIGTERM / Ctrl-C). */
@ApplicationScoped
public class ServeCommand implements DmaskCommand {

    @Inject
    DimseService dimse;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run the service (HTTP, health at /q/health; DICOM SCP when dmask.dimse.scp.enabled) until stopped";
    }

    @Override
    public String usage() {
        return "dmask serve";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws java.io.IOException {
        if (!args.isEmpty()) {
            throw CommandException.usage("unexpected argument '" + args.get(0) + "' (usage: " + usage() + ")");
        }
        dimse.startScp();
        Quarkus.waitForExit();
        return 0;
    }
}
