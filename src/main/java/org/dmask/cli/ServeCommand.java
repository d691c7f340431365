package org.dmask.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.List;
import org.dmask.route.GatewayService;

/** {@code dmask serve}: runs the service until it is stopped (SIGTERM / Ctrl-C). */
@ApplicationScoped
public class ServeCommand implements DmaskCommand {

    @Inject
    GatewayService gateway;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run the gateway (DICOM SCP when dmask.dimse.scp.enabled, STOW-RS, rules, delivery; health at /q/health) until stopped";
    }

    @Override
    public String usage() {
        return "dmask serve";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!args.isEmpty()) {
            throw CommandException.usage("unexpected argument '" + args.get(0) + "' (usage: " + usage() + ")");
        }
        gateway.start(); // the SCP is the gateway's dicom: ingest route
        Quarkus.waitForExit();
        return 0;
    }
}
