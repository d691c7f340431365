package org.dmask.route.cluster;

import java.nio.file.Path;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dmask.audit.JsonLinesAuditLog;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.route.Gateway;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewaySettings;
import org.dmask.route.component.ArchiveComponent;
import org.dmask.route.component.DicomComponent;
import org.dmask.route.component.StowComponent;
import org.dmask.route.rules.RuleParser;

/**
 * A gateway node of a cluster without Quarkus, for tests and benchmarks: a plain Camel context, the Basic Profile
 * under the test key, no masker (videos that need the mask dead-letter), in its role, with Kafka at
 * {@code bootstrap} and the object store in a folder. {@code cluster} null: the single node with its embedded store.
 */
public record ClusterHarness(CamelContext camel, Gateway gateway, JsonLinesAuditLog audit, ClusterNode cluster)
        implements AutoCloseable {

    /** The ingest side's SCP, on a free port, when the role ingests. */
    public static String scpUri(Path work) {
        return "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool");
    }

    public static ClusterHarness start(GatewaySettings settings, ClusterNode cluster) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("dicom", new DicomComponent());
        camel.addComponent("archive", new ArchiveComponent());
        camel.addComponent("stow", new StowComponent());
        camel.start();
        Pseudonymizer p = new Pseudonymizer(GatewayHarness.KEY);
        Deidentifier basic = new Deidentifier(Profile.basic(), p);
        JsonLinesAuditLog audit = new JsonLinesAuditLog(settings.workDirectory().resolveSibling("audit.jsonl"));
        Gateway g = new Gateway(settings, camel, new RuleParser(Set.of("basic")), name -> basic, p::uid, () -> null,
                audit);
        if (cluster != null) {
            g.inCluster(cluster);
        }
        return new ClusterHarness(camel, g.start(), audit, cluster);
    }

    /** A node of role {@code role} with Kafka (topics under {@code prefix}) and the store in {@code objects}. */
    public static ClusterHarness start(Path work, Path rules, ClusterRole role, String bootstrap, String prefix,
            Path objects, int workers) throws Exception {
        GatewaySettings s = GatewayHarness.settings(work, rules, role.ingests() ? scpUri(work) : null);
        s = new GatewaySettings(s.workDirectory(), s.rulesFile(), s.dicomUri(), s.spoolDirectory(), s.dropFolder(),
                s.backoff(), workers, s.pollMillis(), s.rulesCheckMillis());
        return start(s, ClusterNode.kafka(role, bootstrap, prefix, new FileObjectStore(objects),
                Set.of(JobKind.VIDEO, JobKind.IMAGE)));
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        camel.stop();
        audit.close();
    }
}
