package org.dmask.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.net.BindException;
import java.util.List;
import org.dmask.admin.security.FirstStart;
import org.dmask.dimse.DimseConfig;
import org.dmask.route.GatewayService;

/**
 * {@code dmask serve}: runs the service until it is stopped (SIGTERM / Ctrl-C). The gateway's start-up check runs
 * first: a missing key is generated, and a key or folder problem ends the command with one line and exit code 78.
 */
@ApplicationScoped
public class ServeCommand implements DmaskCommand {

    @Inject
    GatewayService gateway;
    @Inject
    DimseConfig dimse;
    @Inject
    FirstStart firstStart;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run the gateway (DICOM SCP when dmask.dimse.scp.enabled, STOW-RS, rules, delivery; health and metrics on 127.0.0.1:9000/q/) until stopped";
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
        firstStart.ensureUsers(); // no users yet: the user admin with a generated password, announced once
        try {
            gateway.start(); // the start-up check, then the SCP as the gateway's dicom: ingest route
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    // not a configuration error (exit 1): the port may be free again when systemd restarts us
                    throw new CommandException(1, "cannot listen for DICOM on " + dimse.scp().host() + ":"
                            + dimse.scp().port() + ": " + t.getMessage() + " (another dmask still running? or "
                            + "choose another with dmask.dimse.scp.port)", e);
                }
            }
            throw e;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
