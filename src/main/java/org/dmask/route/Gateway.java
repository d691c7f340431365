package org.dmask.route;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.dmask.audit.AuditSink;
import org.dmask.deid.Deidentifier;
import org.dmask.dimse.StoreScp;
import org.dmask.mask.VideoMasker;
import org.dmask.pixel.PixelCleaner;
import org.dmask.route.cluster.ClusterNode;
import org.dmask.route.cluster.ClusterWorker;
import org.dmask.route.component.DeliveryException;
import org.dmask.route.component.DicomConsumer;
import org.dmask.route.component.DicomEndpoint;
import org.dmask.route.component.DicomHeaders;
import org.dmask.route.delivery.CamelSender;
import org.dmask.route.delivery.DeadLetter;
import org.dmask.route.delivery.DeadLetterCipher;
import org.dmask.route.delivery.DeadLetters;
import org.dmask.route.delivery.Delivery;
import org.dmask.route.delivery.GatewayMeter;
import org.dmask.route.delivery.Job;
import org.dmask.route.delivery.JobListener;
import org.dmask.route.delivery.JobStore;
import org.dmask.route.delivery.Preparer;
import org.dmask.route.delivery.TargetSpec;
import org.dmask.route.rules.Dispatcher;
import org.dmask.route.rules.RuleHolder;
import org.dmask.route.rules.RuleParser;
import org.dmask.route.rules.RuleRoutes;
import org.dmask.route.rules.RuleSet;
import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.DurableFiles;
import org.jboss.logging.Logger;

/**
 * The gateway: ingest routes (SCP, drop folder, STOW-RS) feed the rules, compiled into Camel routes
 * ({@link RuleRoutes}: a route per rule from the {@code dmask-rule} template, and a dispatch route); the
 * {@link JobStore} keeps every (object, target) job durable; {@link Delivery} works them through the {@link Preparer}
 * (de-identification, mask) to the targets' templated Camel routes. A changed rule file becomes a new generation of
 * routes, started beside the running one and switched to atomically. Runs with or without Quarkus: give it a Camel
 * context.
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
    private final GatewayMeter meter;
    private final Map<String, String> runningTargets = new ConcurrentHashMap<>();
    private final List<JobListener> jobListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private JobStore store;
    private RuleHolder rules;
    private RuleRoutes ruleRoutes;
    private ProducerTemplate producer;
    /** Read: an object goes through the dispatch route (several at once). Write: the switch of generations. */
    private final ReadWriteLock dispatchLock = new ReentrantReadWriteLock();
    /** Spool files being routed now, so that each is routed once (the recovery scan and the receivers). */
    private final Set<Path> dispatching = ConcurrentHashMap.newKeySet();
    private int generation;
    private Delivery delivery;
    private Thread watcher;
    private Thread retention;
    private volatile boolean running;
    private Supplier<PixelCleaner> pixelCleaner = () -> null;
    /** Cluster mode: jobs in Kafka, objects in the shared store; null for the single node. */
    private ClusterNode cluster;
    private ClusterWorker clusterWorker;
    private DeadLetters deadLetters;

    public Gateway(GatewaySettings settings, CamelContext camel, RuleParser parser,
            Function<String, Deidentifier> deidentifiers, UnaryOperator<String> studyPseudonym,
            Supplier<VideoMasker> masker, AuditSink audit) {
        this(settings, camel, parser, deidentifiers, studyPseudonym, masker, audit, GatewayMeter.NONE);
    }

    /** @param meter told of stage timings, retries and dead letters (metrics) */
    public Gateway(GatewaySettings settings, CamelContext camel, RuleParser parser,
            Function<String, Deidentifier> deidentifiers, UnaryOperator<String> studyPseudonym,
            Supplier<VideoMasker> masker, AuditSink audit, GatewayMeter meter) {
        this.meter = meter;
        this.settings = settings;
        this.camel = camel;
        this.parser = parser;
        this.deidentifiers = deidentifiers;
        this.studyPseudonym = studyPseudonym;
        this.masker = masker;
        this.audit = audit;
    }

    /** The Clean Pixel Data stage (before {@link #start()}); without one, objects that need it dead-letter. */
    public Gateway cleaningPixelsWith(Supplier<PixelCleaner> cleaner) {
        this.pixelCleaner = cleaner;
        return this;
    }

    /**
     * Cluster mode (before {@link #start()}): what the rules accept goes to the shared object store and Kafka instead
     * of the job store, and, when the node's role delivers, a worker takes jobs from Kafka. The gateway closes the
     * node when it closes.
     */
    public Gateway inCluster(ClusterNode node) {
        this.cluster = node;
        return this;
    }

    /** Whether this node takes objects in (SCP, STOW-RS, drop folder): not a cluster worker. */
    public boolean ingests() {
        return cluster == null || cluster.role().ingests();
    }

    public synchronized Gateway start() throws Exception {
        DeadLetterCipher cipher = deadLetterCipher(settings.deadLetterKeyFile());
        store = new JobStore(settings.workDirectory(), cipher);
        JobListener fanOut = new JobListener() {
            @Override
            public void changed(Job job, boolean removed) {
                jobListeners.forEach(l -> l.changed(job, removed));
            }

            @Override
            public void unrouted(String name, String study, String instance, String reason) {
                jobListeners.forEach(l -> l.unrouted(name, study, instance, reason));
            }
        };
        store.listener(fanOut);
        int resumed = store.open();
        deadLetters = new EmbeddedDeadLetters();
        if (cluster != null) {
            deadLetters = DeadLetters.both(cluster.deadLetters(cipher,
                    settings.workDirectory().resolve("cluster-retry")), deadLetters);
        }
        rules = new RuleHolder(settings.rulesFile(), parser, this::startRules);
        Files.createDirectories(settings.spoolDirectory());
        producer = camel.createProducerTemplate();
        Dispatcher dispatcher = new Dispatcher(store, studyPseudonym, audit, this::wakeUp);
        if (cluster != null) {
            dispatcher.acceptingWith(cluster.ingest()::accept);
        }
        ruleRoutes = new RuleRoutes(camel, dispatcher);
        Preparer preparer = new Preparer(store, deidentifiers, masker, audit, meter).cleaningPixelsWith(pixelCleaner);
        delivery = new Delivery(store, preparer, this::send, settings.backoff(), audit, meter, settings.workers(),
                settings.pollMillis());
        for (String paused : readPaused()) {
            delivery.pause(paused);
        }
        camel.addRoutes(new GatewayRoutes.Templates());
        startRules(rules.get()); // targets and rules as routes before any ingest route can take an object
        if (cluster == null || resumed > 0) {
            // in cluster mode only to finish what the single node's job store still held
            delivery.start();
        }
        if (cluster != null && cluster.role().delivers()) {
            // the jobs of each Kafka record are staged in a job store of their own, worked by the same delivery steps
            JobStore staging = new JobStore(settings.workDirectory().resolve("cluster-staging"), cipher);
            staging.listener(fanOut);
            staging.open();
            Preparer stagedPreparer = new Preparer(staging, deidentifiers, masker, audit, meter)
                    .cleaningPixelsWith(pixelCleaner);
            Delivery stagedDelivery = new Delivery(staging, stagedPreparer, this::send, settings.backoff(), audit,
                    meter, settings.workers(), settings.pollMillis());
            clusterWorker = cluster.worker(staging, stagedDelivery, stagedPreparer, settings.workers(),
                    settings.workDirectory().resolve("cluster-fetched")).start();
        }
        if (ingests()) {
            camel.addRoutes(new GatewayRoutes(settings, this));
        }
        running = true;
        int recovered = ingests() ? recover() : 0;
        if (cluster != null) {
            LOG.infof("cluster mode: %s", cluster.describe());
        }
        LOG.infof("gateway started: ingest %s, %d job(s) resumed, %d spooled object(s) routed after restart, "
                + "rules from %s (Camel %s)", settings.dicomUri(), resumed, recovered, rules.get().source(),
                camel.getStatus());
        if (settings.rulesFile() != null) {
            watcher = new Thread(this::watchRules, "dmask-rules-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        retention = new Thread(this::purgeDeadLetters, "dmask-dead-letter-retention");
        retention.setDaemon(true);
        retention.start();
        return this;
    }

    /** Deletes dead letters past their retention, at start and then a few times per retention period (at most hourly). */
    private void purgeDeadLetters() {
        Duration keep = settings.deadLetterRetention();
        long every = Math.max(100, Math.min(Duration.ofHours(1).toMillis(), keep.toMillis() / 4));
        while (running) {
            try {
                List<String> purged = deadLetters.purge(Instant.now().minus(keep));
                for (String name : purged) {
                    audit.record(org.dmask.audit.AuditEvent.of(org.dmask.audit.AuditEvent.Type.PURGE,
                            org.dmask.audit.AuditEvent.Outcome.SUCCESS, null, null, null, null,
                            "dead letter " + name + " deleted after the retention of " + keep));
                }
                if (!purged.isEmpty()) {
                    LOG.infof("deleted %d dead letter(s) kept longer than dmask.route.dead-letter-retention (%s)",
                            purged.size(), keep);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("cannot delete dead letters past their retention: %s", e.getMessage());
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The cipher of dead letters under the key in that file (made there when missing), or null without one. */
    public static DeadLetterCipher deadLetterCipher(Path keyFile) {
        if (keyFile == null) {
            return null;
        }
        return new DeadLetterCipher(org.dmask.deid.KeyFile.readOrCreate(keyFile, "dmask.route.dead-letter-key-file",
                "dead-letter key", "Without it the dead letters (identified originals) cannot be read; with it and "
                        + "the files anyone can read them.").bytes());
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

    /**
     * Makes new rules run: the targets' routes, then a new generation of rule routes; when all of them run, the
     * dispatch switches to it (no object is in the old one then) and the old generation is removed. Throws, with the
     * running generation untouched, when the rules cannot become routes.
     */
    private void startRules(RuleSet rs) {
        startTargets(rs);
        int next = generation + 1;
        ruleRoutes.add(next, rs);
        int old;
        dispatchLock.writeLock().lock();
        try {
            old = generation;
            generation = next;
        } finally {
            dispatchLock.writeLock().unlock();
        }
        ruleRoutes.remove(old);
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
    private String send(TargetSpec t, Path file, Job job) throws DeliveryException {
        String uri = t.uri().equals(runningTargets.get(t.name())) ? GatewayRoutes.targetEndpoint(t.name()) : t.uri();
        return new CamelSender(producer).send(new TargetSpec(t.name(), uri), file, job);
    }

    /**
     * Routes one object durable in the spool through the running generation's dispatch route; returns the jobs
     * made (none when it went to dead letters or was routed already). Throws when it could not be routed: it then
     * stays in the spool and is routed at the next start.
     */
    public List<Job> dispatch(Arrival a) throws IOException {
        Exchange ex;
        long start = System.nanoTime();
        Path file = a.file().toAbsolutePath();
        if (!dispatching.add(file)) {
            return List.of(); // the recovery scan and a receiver raced for it: the other one routes it
        }
        dispatchLock.readLock().lock();
        try {
            ex = producer.send(RuleRoutes.dispatchEndpoint(generation), e -> e.getIn().setBody(a));
        } finally {
            dispatchLock.readLock().unlock();
            dispatching.remove(file);
        }
        Exception failure = ex.getException();
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure != null) {
            // Not the file's name: the SCP names spooled files by their original SOP Instance UID.
            throw new IOException("routing an object " + Dispatcher.received(a) + ": " + failure.getMessage(), failure);
        }
        @SuppressWarnings("unchecked")
        List<Job> jobs = ex.getMessage().getBody(List.class);
        jobs = jobs == null ? List.of() : jobs;
        meter.timed(GatewayMeter.Stage.RECEIVE, jobs.isEmpty() ? "none" : jobs.get(0).rule(), null,
                System.nanoTime() - start);
        return jobs;
    }

    /**
     * Objects refused at ingest before they were kept (a STOW-RS request's failed parts): one WARN line and a failed
     * receive in the audit. The reason must carry no original identifier.
     */
    public void refused(String via, String who, String remoteAddress, String reason) {
        Arrival a = new Arrival(null, who, null, remoteAddress, via);
        LOG.warnf("refused %s%s: %s", Dispatcher.received(a), who == null || who.equals(via) ? "" : " (" + who + ")",
                reason);
        audit.record(org.dmask.audit.AuditEvent.of(org.dmask.audit.AuditEvent.Type.RECEIVE,
                org.dmask.audit.AuditEvent.Outcome.FAILURE, who, null, null, null,
                Dispatcher.received(a) + ": refused, " + reason));
    }

    /** Routes whatever a crash left in the spool folder, oldest first; returns how many objects. */
    private int recover() throws IOException {
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(settings.spoolDirectory(), "*.dcm")) {
            files.forEach(left::add);
        }
        left.sort(Comparator.comparing(p -> p.toFile().lastModified()));
        for (Path p : left) {
            dispatch(new Arrival(p, null, null, null, "spool (recovered after restart)"));
        }
        return left.size();
    }

    /** The ingest step of a route: the body is a spooled file, the headers say who sent it. */
    public void ingest(Exchange ex) throws IOException {
        Path file = ex.getIn().getBody(Path.class);
        if (file == null) {
            file = ex.getIn().getBody(java.io.File.class).toPath();
        }
        dispatch(new Arrival(file, ex.getIn().getHeader(DicomHeaders.CALLING_AET, String.class),
                ex.getIn().getHeader(DicomHeaders.CALLED_AET, String.class),
                ex.getIn().getHeader(DicomHeaders.REMOTE_ADDRESS, String.class),
                ex.getIn().getHeader(DicomHeaders.VIA, "dimse", String.class)));
    }

    /** An object already durable in the spool folder (as STOW-RS writes it). */
    public void ingestSpooled(Path spooled, String via, String who, String remoteAddress) throws IOException {
        dispatch(new Arrival(spooled, who, null, remoteAddress, via));
    }

    /** Copies a file durably into the spool, then routes it (the drop folder); the source may be deleted after. */
    public void ingestCopy(Path source, String via, String who, String called, String remoteAddress)
            throws IOException {
        Path spooled = settings.spoolDirectory().resolve(via + "-" + UUID.randomUUID() + ".dcm");
        DurableFiles.copy(source, spooled);
        dispatch(new Arrival(spooled, who, called, remoteAddress, via));
    }

    /** Told of every change of a job (e.g. the admin's view of recent objects); add before {@link #start()}. */
    public Gateway addJobListener(JobListener l) {
        jobListeners.add(l);
        return this;
    }

    /** Where the paused targets are kept, so that a pause outlives a restart. */
    private Path pausedFile() {
        return settings.workDirectory().resolve("paused-targets");
    }

    private List<String> readPaused() throws IOException {
        if (!Files.exists(pausedFile())) {
            return List.of();
        }
        return Files.readAllLines(pausedFile()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Pauses delivery to a target: its jobs stay queued (new ones join them), none is claimed until {@link #resume};
     * a job being sent at the moment finishes. Kept across restarts. Returns false when it was paused already.
     */
    public synchronized boolean pause(String target) throws IOException {
        requireTarget(target);
        boolean changed = !delivery.paused().contains(target);
        delivery.pause(target);
        writePaused();
        return changed;
    }

    /** Resumes delivery to a paused target at once; false when it was not paused. */
    public synchronized boolean resume(String target) throws IOException {
        boolean changed = delivery.paused().contains(target);
        delivery.resume(target);
        writePaused();
        return changed;
    }

    private void writePaused() throws IOException {
        String text = String.join("\n", new java.util.TreeSet<>(delivery.paused()));
        DurableFiles.write(pausedFile(), o -> o.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private TargetSpec requireTarget(String target) {
        TargetSpec t = rules.get().targets().get(target);
        if (t == null) {
            throw new java.util.NoSuchElementException("no target '" + target + "' in the running rules (defined: "
                    + String.join(", ", new java.util.TreeSet<>(rules.get().targets().keySet())) + ")");
        }
        return t;
    }

    /**
     * C-ECHO to a DICOM target, with the settings its deliveries use (AE titles, TLS, timeout); returns the status
     * (0: success). Throws {@link IllegalArgumentException} for a target that is not {@code dicom:}, and an
     * {@link IOException} naming the reason when the peer cannot be reached or refuses the association.
     */
    public int echo(String target) throws IOException {
        TargetSpec t = requireTarget(target);
        if (!t.uri().startsWith("dicom:")) {
            throw new IllegalArgumentException("target '" + target + "' is not a DICOM target (" + scheme(t.uri())
                    + "): C-ECHO needs dicom:AE@host:port");
        }
        DicomEndpoint ep = camel.getEndpoint(t.uri(), DicomEndpoint.class);
        return new org.dmask.dimse.StoreScu(ep.scuSettings()).echo();
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? uri : uri.substring(0, colon) + ":";
    }

    /** Retries a dead letter (see {@link DeadLetters#retry}); returns the jobs queued. */
    public List<Job> retryDeadLetter(String name, String target) throws IOException {
        return deadLetters().retry(name, target);
    }

    /** Retries every dead letter with a failed job for the target (after it came back); returns the jobs queued. */
    public List<Job> retryDeadLetters(String target) throws IOException {
        return deadLetters().retryAll(target);
    }

    /**
     * The dead letters an operator sees: the job store's on the single node; in cluster mode the shared object
     * store's (every worker's) and this node's own (objects no rule took).
     */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** The single node's dead letters, in its job store; a retry queues the jobs there. */
    private final class EmbeddedDeadLetters implements DeadLetters {

        @Override
        public List<DeadLetter> list() throws IOException {
            return store.deadLetters();
        }

        @Override
        public DeadLetter get(String name) throws IOException {
            return store.deadLetter(name);
        }

        /**
         * Its failed jobs for {@code target} (null: all of them) are queued again as they were accepted
         * ({@link JobStore#requeue}). A dead letter without jobs (no rule took the object, or reasons written by an
         * earlier version) is routed again by the running rules, as it arrived.
         */
        @Override
        public List<Job> retry(String name, String target) throws IOException {
            DeadLetter d = DeadLetters.retryable(store.deadLetter(name), name, target);
            List<Job> jobs = store.requeue(name, target, System.currentTimeMillis());
            if (!jobs.isEmpty()) {
                wakeUp();
                return jobs;
            }
            if (target != null) {
                throw new IllegalStateException("dead letter " + name + " does not say how its job was accepted "
                        + "(written by an earlier version): retry it without a target to route it again by the "
                        + "running rules");
            }
            DeadLetter.Failure how = d.failures().get(0);
            Path spooled = settings.spoolDirectory().resolve("dead-letter-" + UUID.randomUUID() + ".dcm");
            store.copyOut(name, spooled);
            // The spool copy is durable first: a crash now routes it at the next start (at least once, never lost).
            store.deleteDeadLetter(name);
            return dispatch(new Arrival(spooled, how.facts().get("calling-aet"), how.facts().get("called-aet"),
                    how.facts().get("source-address"), "dead-letter retry"));
        }

        @Override
        public List<Job> retryAll(String target) throws IOException {
            List<Job> all = new ArrayList<>();
            for (DeadLetter d : store.deadLetters()) {
                if (d.targets().contains(target)) {
                    all.addAll(store.requeue(d.name(), target, System.currentTimeMillis()));
                }
            }
            wakeUp();
            return all;
        }

        @Override
        public boolean delete(String name) throws IOException {
            return store.deleteDeadLetter(name);
        }

        @Override
        public List<String> purge(Instant cutoff) throws IOException {
            return store.purgeDeadLetters(cutoff);
        }

        @Override
        public void copyOut(String name, Path target) throws IOException {
            store.copyOut(name, target);
        }
    }

    /** Makes a queued job due now. */
    public Job retryJob(String id) throws IOException {
        Job j = store.dueNow(id, System.currentTimeMillis());
        wakeUp();
        return j;
    }

    /** The pseudonym an original UID becomes in logs, audit and the admin views (never show the original). */
    public String pseudonym(String uid) {
        return uid == null ? null : studyPseudonym.apply(uid);
    }

    /** The targets an operator paused. */
    public java.util.Set<String> paused() {
        Delivery d = delivery;
        return d == null ? java.util.Set.of() : d.paused();
    }

    public Path spoolDirectory() {
        return settings.spoolDirectory();
    }

    public JobStore store() {
        return store;
    }

    /** The delivery state of a target: ok, or retrying since when. */
    public Delivery.TargetState targetState(String target) {
        Delivery d = delivery;
        return d == null ? new Delivery.TargetState(target, false, 0) : d.state(target);
    }

    public RuleHolder rules() {
        return rules;
    }

    /** The SCP of the ingest route, null when there is none or it is not running. */
    public StoreScp scp() {
        Route r = camel.getRoute("dmask-ingest-dimse");
        return r != null && r.getConsumer() instanceof DicomConsumer c ? c.scp() : null;
    }

    /**
     * Whether readiness waits for the SCP: always on the single node (as before cluster mode), on a cluster node only
     * when it ingests with the SCP enabled (a worker has none).
     */
    public boolean expectsScp() {
        return cluster == null || cluster.role().ingests() && settings.dicomUri() != null;
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
        if (retention != null) {
            retention.interrupt();
        }
        try {
            removeRoute("dmask-ingest-dimse");
            removeRoute("dmask-ingest-drop-folder");
        } catch (RuntimeException e) {
            LOG.warnf("stopping ingest: %s", e.getMessage());
        }
        if (clusterWorker != null) {
            clusterWorker.close();
            clusterWorker = null;
        }
        if (delivery != null) {
            delivery.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        for (String name : Map.copyOf(runningTargets).keySet()) {
            try {
                removeRoute("dmask-target-" + name);
            } catch (RuntimeException e) {
                LOG.warnf("stopping target %s: %s", name, e.getMessage());
            }
        }
        runningTargets.clear();
        if (ruleRoutes != null) {
            ruleRoutes.remove(generation);
        }
        if (producer != null) {
            try {
                producer.close();
            } catch (java.io.IOException e) {
                LOG.warnf("closing the producer template: %s", e.getMessage());
            }
        }
    }
}
