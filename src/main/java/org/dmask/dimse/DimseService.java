package org.dmask.dimse;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The CDI face of the DIMSE package: turns {@link DimseConfig} into {@link ScpSettings}/{@link ScuSettings}, and runs
 * the SCP for {@code dmask serve}. The SCP itself knows nothing of CDI.
 */
@ApplicationScoped
public class DimseService {

    private static final Logger LOG = Logger.getLogger(DimseService.class);

    @Inject
    DimseConfig config;

    private StoreScp scp;

    /** Starts the SCP when {@code dmask.dimse.scp.enabled}; returns it, or null when disabled. */
    public synchronized StoreScp startScp() throws IOException {
        if (!config.scp().enabled()) {
            LOG.info("DICOM SCP disabled (dmask.dimse.scp.enabled=false)");
            return null;
        }
        if (scp == null) {
            scp = new StoreScp(scpSettings(), o -> LOG.infof("received %s %s from %s in %s", o.sopInstanceUID(),
                    o.transferSyntaxUID(), o.callingAET(), o.file().getFileName())).start();
        }
        return scp;
    }

    public ScpSettings scpSettings() {
        DimseConfig.Scp c = config.scp();
        Map<String, AeSettings> aes = new LinkedHashMap<>();
        for (String aet : c.aeTitles()) {
            AeSettings ae = AeSettings.acceptAll();
            DimseConfig.Ae rules = c.ae().get(aet);
            if (rules != null) {
                ae = ae.withAllowedCallingAETs(rules.allowedCallingAeTitles().orElse(List.of()))
                        .withAllowedAddresses(rules.allowedAddresses().orElse(List.of()))
                        .withAllowedUsers(rules.allowedUsers().orElse(List.of()))
                        .withSyntaxes(rules.sopClasses().orElse(ae.sopClasses()),
                                rules.transferSyntaxes().orElse(ae.transferSyntaxes()));
            }
            aes.put(aet, ae);
        }
        for (String unknown : c.ae().keySet()) {
            if (!aes.containsKey(unknown)) {
                throw new IllegalArgumentException("dmask.dimse.scp.ae." + unknown
                        + " configures an AE title not listed in dmask.dimse.scp.ae-titles");
            }
        }
        return new ScpSettings(c.host(), c.port(), aes, c.maxAssociations(),
                new AssociationLimits(c.artimTimeout(), c.idleTimeout(), c.maxPduLength()), c.maxObjectSize(),
                Path.of(c.spoolDirectory()), tls(c.tls()),
                new ConnectionLimits(c.requestTimeout(), c.maxPendingConnections(), c.maxAssociationsPerAddress()),
                durability(c.durability()));
    }

    public ScuSettings scuSettings(String host, int port, String calledAET, String callingAET) {
        DimseConfig.Scu c = config.scu();
        return new ScuSettings(host, port, calledAET, callingAET != null ? callingAET : c.aeTitle(),
                new AssociationLimits(c.artimTimeout(), c.idleTimeout(), c.maxPduLength()), tls(c.tls()), null);
    }

    private static Durability durability(String value) {
        try {
            return Durability.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dmask.dimse.scp.durability: " + e.getMessage(), e);
        }
    }

    static TlsSettings tls(DimseConfig.Tls t) {
        if (!t.enabled()) {
            return null;
        }
        return new TlsSettings(t.keyStore().map(Path::of).orElse(null),
                t.keyStorePassword().map(String::toCharArray).orElse(null), t.keyStoreType(),
                t.trustStore().map(Path::of).orElse(null),
                t.trustStorePassword().map(String::toCharArray).orElse(null), t.trustStoreType(), t.clientAuth());
    }

    @PreDestroy
    synchronized void stop() {
        if (scp != null) {
            scp.close();
            scp = null;
        }
    }
}
