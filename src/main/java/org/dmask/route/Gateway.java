package org.dmask.route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.dmask.audit.AuditSink;
import org.dmask.deid.Deidentifier;
import org.dmask.dimse.StoreScp;
import org.jboss.logging.Logger;

/**
 * The gateway: ingest routes (SCP, drop folder, STOW-RS) feed the {@link Dispatcher}; the {@link JobStore} keeps
 * every (object, target) job durable; {@link Delivery} works them through the {@link Preparer} (de-identification,
 * mask) to the targets' templated Camel routes. Runs with or without Quarkus: give it a Camel context.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final GatewaySettings settings;
    private final CamelContext camel;
    private final RuleParser parser;
    private final Function<String, Deidentifier> deidentifiers;
    private final UnaryOperator<String> studyPseudonym;
    private final Supplier<VideoMasker> masker;
    private final AuditSink audit;
    private final Map<String, String> runningTargets = new ConcurrentHashMap<>();
    private JobStore store;
    private RuleHolder rules;
    private Dispatcher dispatcher;
    private Delivery delivery;
    private Thread watcher;
    private volatile boolean running;

    public Gateway(GatewaySettings settings, CamelContext camel, RuleParser parser,
            Function<String, Deidentifier> deidentifiers, UnaryOperator<String> studyPseudonym,
            Supplier<VideoMasker> masker, AuditSink audit) {
        this.settings = settings;
        this.camel = camel;
        this.parser = parser;
        this.deidentifiers = deidentifiers;
        this.studyPseudonym = studyPseudonym;
        this.masker = masker;
        this.audit = audit;
    }

    public synchronized Gateway start() throws Exception {
        store = new JobStore(settings.workDirectory());
        int loaded = store.open();
        rules = new RuleHolder(settings.rulesFile(), parser, this::startTargets);
        Files.createDirectories(settings.spoolDirectory());
        dispatcher = new Dispatcher(store, rules, studyPseudonym, audit, this::wakeUp);
        Preparer preparer = new Preparer(store, deidentifiers, masker, audit);
        delivery = new Delivery(store, preparer, this::send, settings.backoff(), audit, settings.workers(),
                settings.pollMillis());
        camel.addRoutes(new GatewayRoutes(settings, this));
        startTargets(rules.get());
        delivery.start();
        running = true;
        int recovered = dispatcher.recover(settings.spoolDirectory(), "spool");
        LOG.infof("gateway started: ingest %s, %d job(s) resumed, %d spooled object(s) routed after restart, "
                + "rules from %s (Camel %s)", settings.dicomUri(), loaded, recovered, rules.get().source(),
                camel.getStatus());
        if (settings.rulesFile() != null) {
            watcher = new Thread(this::watchRules, "dmask-rules-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        return this;
    }

    private void wakeUp() {
        Delivery d = delivery;
        if (d != null) {
            d.wakeUp();
        }
    }

    private void watchRules() {
        while (running) {
            try {
                Thread.sleep(settings.rulesCheckMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                rules.reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.errorf(e, "rule reload failed");
            }
        }
    }

    /** Starts a templated route per target of the new rules (before they run); targets no longer named stop. */
    private void startTargets(RuleSet rs) {
        for (TargetSpec t : rs.targets().values()) {
            if (t.uri().equals(runningTargets.get(t.name()))) {
                continue;
            }
            camel.getEndpoint(t.uri()); // a URI that cannot be made into an endpoint refuses the whole rule file
            removeRoute("dmask-target-" + t.name());
            TemplatedRouteBuilder.builder(camel, GatewayRoutes.TARGET_TEMPLATE)
                    .routeId("dmask-target-" + t.name()).parameter("name", t.name()).parameter("uri", t.uri()).add();
            runningTargets.put(t.name(), t.uri());
        }
        for (String name : Map.copyOf(runningTargets).keySet()) {
            if (!rs.targets().containsKey(name)) {
                removeRoute("dmask-target-" + name);
                runningTargets.remove(name);
            }
        }
    }

    private void removeRoute(String id) {
        try {
            if (camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop route " + id + ": " + e.getMessage(), e);
        }
    }

    /** Through the target's templated route when it still has the job's URI, else straight to the job's URI. */
    private void send(TargetSpec t, Path file, Job job) throws DeliveryException {
        String uri = t.uri().equals(runningTargets.get(t.name())) ? GatewayRoutes.targetEndpoint(t.name()) : t.uri();
        new CamelSender(camel.createProducerTemplate()).send(new TargetSpec(t.name(), uri), file, job);
    }

    /** The ingest step of a route: the body is a spooled file, the headers say who sent it. */
    public void ingest(Exchange ex) throws IOException {
        Path file = ex.getIn().getBody(Path.class);
        if (file == null) {
            file = ex.getIn().getBody(java.io.File.class).toPath();
        }
        dispatcher.dispatch(new Arrival(file, ex.getIn().getHeader(DicomHeaders.CALLING_AET, String.class),
                ex.getIn().getHeader(DicomHeaders.CALLED_AET, String.class),
                ex.getIn().getHeader(DicomHeaders.REMOTE_ADDRESS, String.class),
                ex.getIn().getHeader(DicomHeaders.VIA, "dimse", String.class)));
    }

    /** An object already durable in the spool folder (as STOW-RS writes it). */
    public void ingestSpooled(Path spooled, String via, String who, String remoteAddress) throws IOException {
        dispatcher.dispatch(new Arrival(spooled, who, null, remoteAddress, via));
    }

    /** Copies a file durably into the spool, then routes it (the drop folder); the source may be deleted after. */
    public void ingestCopy(Path source, String via, String who, String called, String remoteAddress)
            throws IOException {
        Path spooled = settings.spoolDirectory().resolve(via + "-" + UUID.randomUUID() + ".dcm");
        DurableFiles.copy(source, spooled);
        dispatcher.dispatch(new Arrival(spooled, who, called, remoteAddress, via));
    }

    public Path spoolDirectory() {
        return settings.spoolDirectory();
    }

    public JobStore store() {
        return store;
    }

    public RuleHolder rules() {
        return rules;
    }

    /** The SCP of the ingest route, null when there is none or it is not running. */
    public StoreScp scp() {
        Route r = camel.getRoute("dmask-ingest-dimse");
        return r != null && r.getConsumer() instanceof DicomConsumer c ? c.scp() : null;
    }

    public boolean running() {
        return running;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (watcher != null) {
            watcher.interrupt();
        }
        try {
            removeRoute("dmask-ingest-dimse");
            removeRoute("dmask-ingest-drop-folder");
        } catch (RuntimeException e) {
            LOG.warnf("stopping ingest: %s", e.getMessage());
        }
        if (delivery != null) {
            delivery.close();
        }
        for (String name : Map.copyOf(runningTargets).keySet()) {
            try {
                removeRoute("dmask-target-" + name);
            } catch (RuntimeException e) {
                LOG.warnf("stopping target %s: %s", name, e.getMessage());
            }
        }
        runningTargets.clear();
    }
}
