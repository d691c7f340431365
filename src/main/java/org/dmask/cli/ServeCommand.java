package org.dmask.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.net.BindException;
import org.dmask.admin.security.FirstStart;
import org.dmask.dimse.DimseConfig;
import org.dmask.route.GatewayService;
import picocli.CommandLine.Command;

/**
 * {@code dmask serve}: runs the service until it is stopped (SIGTERM / Ctrl-C). The gateway's start-up check runs
 * first: a missing key is generated, and a key or folder problem ends the command with one line and exit code 78.
 */
@Command(name = "serve", description = "run the gateway (DICOM SCP when dmask.dimse.scp.enabled, STOW-RS, rules, "
        + "delivery; health and metrics on 127.0.0.1:9000/q/) until stopped")
@Dependent
@Unremovable
public class ServeCommand extends DmaskCommand {

    @Inject
    GatewayService gateway;
    @Inject
    DimseConfig dimse;
    @Inject
    FirstStart firstStart;

    @Override
    protected int run(PrintStream out, PrintStream err) throws Exception {
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
