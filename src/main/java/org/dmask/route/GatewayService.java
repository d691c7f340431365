package org.dmask.route;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.dmask.audit.AuditService;
import org.dmask.deid.DeidService;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dimse.DimseConfig;
import org.dmask.dimse.DimseService;
import org.dmask.dimse.ScpSettings;
import org.jboss.logging.Logger;

/**
 * The gateway in the application: {@code dmask.route.*}, {@code dmask.dimse.*} (the SCP of the ingest route, the
 * SCU defaults of dicom: targets), {@code dmask.deid.*}, the audit trail, metrics, and the masker when the mask
 * package supplies one. Started by {@code dmask serve} or, with {@code dmask.route.autostart}, at start-up.
 */
@ApplicationScoped
public class GatewayService {

    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    @Inject
    CamelContext camel;
    @Inject
    RouteConfig config;
    @Inject
    DimseConfig dimseConfig;
    @Inject
    DimseService dimse;
    @Inject
    DeidService deid;
    @Inject
    AuditService audit;
    @Inject
    MeterRegistry registry;
    @Inject
    Instance<VideoMasker> maskers;

    private volatile Gateway gateway;

    void onStart(@Observes StartupEvent ev) throws Exception {
        if (config.autostart()) {
            start();
        }
    }

    public synchronized Gateway start() throws Exception {
        if (gateway != null) {
            return gateway;
        }
        Pseudonymizer pseudonyms = deid.pseudonymizer(); // dmask.deid.key, or the key file (generated on first start)
        DicomComponent dicom = new DicomComponent();
        String dicomUri = null;
        Path spool = Path.of(dimseConfig.scp().spoolDirectory());
        if (dimseConfig.scp().enabled()) {
            ScpSettings scp = dimse.scpSettings();
            dicom.setScpDefaults(scp);
            dicomUri = "dicom:" + scp.aeTitles().keySet().iterator().next();
        }
        dicom.setScuDefaults(dimse.scuSettings("localhost", 104, "ANY", null));
        if (camel.hasComponent("dicom") == null) {
            camel.addComponent("dicom", dicom);
        }
        if (camel.hasComponent("archive") == null) {
            camel.addComponent("archive", new ArchiveComponent());
        }
        if (camel.hasComponent("stow") == null) {
            camel.addComponent("stow", new StowComponent());
        }
        if (!camel.isStarted()) {
            camel.start(); // the gateway may start before Camel's own bootstrap does; starting twice is a no-op
        }
        audit.open();
        audit.addListener(new RouteMetrics(registry, () -> gateway == null ? null : gateway.store()));
        RouteConfig.Redelivery r = config.redelivery();
        GatewaySettings s = new GatewaySettings(config.workDirectory(), config.rules().orElse(null), dicomUri, spool,
                config.dropFolder().orElse(null), new Backoff(r.initialDelay(), r.maxDelay(), r.multiplier(),
                        r.maxAge()), config.workers(), config.pollInterval().toMillis(),
                config.rulesCheckInterval().toMillis());
        gateway = new Gateway(s, camel, new RuleParser(deid.profileNames()), deid::deidentifier, pseudonyms::uid,
                this::masker, audit).start();
        return gateway;
    }

    /** The masker the mask package supplies, or null (fail closed). */
    private VideoMasker masker() {
        return maskers.isResolvable() ? maskers.get() : null;
    }

    /** The running gateway, null before {@link #start()}. */
    public Gateway gateway() {
        return gateway;
    }

    @PreDestroy
    synchronized void stop() {
        if (gateway != null) {
            try {
                gateway.close();
            } catch (RuntimeException e) {
                LOG.warnf("stopping the gateway: %s", e.getMessage());
            }
            gateway = null;
        }
    }
}
