package org.dmask.dimse;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A Storage and Verification SCP: listens (plain or TLS), negotiates associations through
 * {@link AssociationPolicy}, and serves C-ECHO and C-STORE. A connection first waits, apart from the associations,
 * for its A-ASSOCIATE-RQ: at most {@link ConnectionLimits#requestTimeout()}, at most
 * {@link ConnectionLimits#maxPending()} such connections at once (one more closes the one that waited longest), so
 * that idle sockets never hold an association slot. Then it takes one of {@code maxAssociations} slots, or is
 * rejected with A-ASSOCIATE-RJ "local limit exceeded". One source address holds at most
 * {@link ConnectionLimits#maxPerAddress()} connections; one more is closed at once. Refusals are logged once per
 * source and minute. Runs without Quarkus: construct, start, close.
 */
public final class StoreScp implements Closeable {

    private static final Logger LOG = Logger.getLogger(StoreScp.class);
    private static final long THREAD_KEEP_ALIVE_MS = 2000;

    private final ScpSettings settings;
    private final AssociationPolicy policy;
    private final Consumer<ReceivedObject> listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    /** Connections waiting for their A-ASSOCIATE-RQ, oldest first. */
    private final Deque<Pending> waiting = new ConcurrentLinkedDeque<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final SourceLog refusals = new SourceLog(LOG, Duration.ofMinutes(1));
    private DicomSpool spool;
    private CStoreHandler store;
    private ServerSocket server;
    private ThreadPoolExecutor workers;
    private ScheduledThreadPoolExecutor deadlines;
    private Thread acceptor;
    private volatile boolean running;

    /** A connection until its A-ASSOCIATE-RQ is read (or it is closed for taking too long or for a newer one). */
    private static final class Pending {
        final Socket socket;
        final AtomicBoolean done = new AtomicBoolean();
        volatile String closedBecause;
        ScheduledFuture<?> deadline;

        Pending(Socket socket) {
            this.socket = socket;
        }
    }

    public StoreScp(ScpSettings settings) {
        this(settings, o -> { });
    }

    public StoreScp(ScpSettings settings, Consumer<ReceivedObject> listener) {
        this.settings = settings;
        this.policy = new AssociationPolicy(settings.aeTitles());
        this.listener = listener;
    }

    public synchronized StoreScp start() throws IOException {
        if (running) {
            throw new IllegalStateException("already started");
        }
        spool = new DicomSpool(settings.spoolDirectory(), settings.durability());
        spool.removeStaleParts();
        store = new CStoreHandler(spool, settings.maxObjectSize(), listener);
        server = settings.tls() != null ? Tls.serverSocket(settings.tls()) : new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 128);
        ConnectionLimits c = settings.connections();
        // Every thread holds a pending or an association slot; a closed pending one may linger a moment: twice.
        workers = pool("dimse-association-", settings.maxAssociations() + 2 * c.maxPending());
        deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dimse-request-timeout");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        running = true;
        acceptor = new Thread(this::acceptLoop, "dimse-acceptor-" + server.getLocalPort());
        acceptor.start();
        LOG.infof("DICOM SCP %s listening on %s:%d%s, spool %s (durability %s), at most %d associations, %d per"
                + " address, %d connections waiting at most %d ms for their A-ASSOCIATE-RQ",
                settings.aeTitles().keySet(), settings.host(), server.getLocalPort(),
                settings.tls() != null ? " (TLS)" : "", spool.directory(), settings.durability().configName(),
                settings.maxAssociations(), c.maxPerAddress(), c.maxPending(), c.requestTimeout().toMillis());
        return this;
    }

    private static ThreadPoolExecutor pool(String prefix, int max) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(max, max, THREAD_KEEP_ALIVE_MS, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    public int port() {
        return server.getLocalPort();
    }

    public DicomSpool spool() {
        return spool;
    }

    public int activeAssociations() {
        return active.get();
    }

    /** Connections open now that have not yet sent their A-ASSOCIATE-RQ. */
    public int pendingConnections() {
        return pending.get();
    }

    private void acceptLoop() {
        ConnectionLimits limits = settings.connections();
        while (running) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.errorf("accept failed: %s", e.getMessage());
                    continue;
                }
                return;
            }
            InetAddress from = s.getInetAddress();
            AtomicInteger fromCount = perAddress.computeIfAbsent(from, a -> new AtomicInteger());
            if (fromCount.incrementAndGet() > limits.maxPerAddress()) {
                release(from);
                refusals.log(Logger.Level.WARN, from.getHostAddress(), "per-address", "closing connections from "
                        + from.getHostAddress() + ": it holds " + limits.maxPerAddress()
                        + " already (dmask.dimse.scp.max-associations-per-address)");
                closeQuietly(s);
                continue;
            }
            open.add(s);
            Pending p = new Pending(s);
            while (pending.get() >= limits.maxPending()) { // only this thread adds: the cap holds exactly
                Pending oldest = waiting.pollFirst();
                if (oldest == null) {
                    break;
                }
                endWaiting(oldest, "a newer connection needed its place (dmask.dimse.scp.max-pending-connections="
                        + limits.maxPending() + ")");
            }
            pending.incrementAndGet();
            waiting.addLast(p);
            p.deadline = deadlines.schedule(() -> endWaiting(p, "no A-ASSOCIATE-RQ within "
                    + limits.requestTimeout().toMillis() + " ms (dmask.dimse.scp.request-timeout)"),
                    limits.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
            if (!submit(() -> serve(p))) {
                p.deadline.cancel(false);
                waiting.remove(p);
                if (p.done.compareAndSet(false, true)) {
                    pending.decrementAndGet();
                }
                close(s);
                release(from);
                refusals.log(Logger.Level.WARN, from.getHostAddress(), "no-thread", "closing a connection from "
                        + from.getHostAddress() + ": no thread free to serve it");
            }
        }
    }

    /** Closes a connection still waiting for its A-ASSOCIATE-RQ (its place is free at once; its thread then ends). */
    private void endWaiting(Pending p, String why) {
        p.closedBecause = why; // read only by a thread that finds the connection closed by us
        if (p.done.compareAndSet(false, true)) {
            pending.decrementAndGet();
            waiting.remove(p);
            closeQuietly(p.socket);
        }
    }

    /** Marks the connection as no longer waiting; false when it was closed meanwhile (timeout, or a newer one). */
    private boolean leaveWaiting(Pending p) {
        p.deadline.cancel(false);
        waiting.remove(p);
        if (p.done.compareAndSet(false, true)) {
            pending.decrementAndGet();
            return true;
        }
        return false;
    }

    private void release(InetAddress from) {
        perAddress.computeIfPresent(from, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** A worker that just finished may not be waiting for work yet: retry briefly before giving up. */
    private boolean submit(Runnable task) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                workers.execute(task);
                return true;
            } catch (RejectedExecutionException e) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void serve(Pending p) {
        Socket s = p.socket;
        String from = s.getInetAddress().getHostAddress();
        Association as;
        try {
            int timeout = settings.connections().requestTimeoutMillis();
            if (s instanceof javax.net.ssl.SSLSocket ssl) {
                ssl.setSoTimeout(timeout);
                ssl.startHandshake();
            }
            as = Association.readRequest(s, settings.limits(), timeout);
        } catch (IOException | RuntimeException e) {
            boolean closedByUs = !leaveWaiting(p);
            if (closedByUs) {
                refusals.log(Logger.Level.INFO, from, "waiting", "closed a connection from " + from + ": "
                        + p.closedBecause);
            } else if (e instanceof PduException) {
                refusals.log(Logger.Level.WARN, from, "protocol", "protocol error from " + from + " before the"
                        + " association: " + e.getMessage() + "; aborted");
            } else {
                LOG.debugf("connection from %s ended before its A-ASSOCIATE-RQ: %s", from, e);
            }
            close(s);
            release(s.getInetAddress());
            return;
        }
        if (!leaveWaiting(p)) {
            refusals.log(Logger.Level.INFO, from, "waiting", "closed a connection from " + from + ": "
                    + p.closedBecause);
            close(s);
            release(s.getInetAddress());
            return;
        }
        if (active.incrementAndGet() > settings.maxAssociations()) {
            active.decrementAndGet();
            refusals.log(Logger.Level.WARN, from, "limit", "rejecting association from " + as.callingAET() + " ("
                    + from + "): local limit of " + settings.maxAssociations() + " associations exceeded");
            try {
                as.reject(AAssociateRJ.localLimitExceeded());
            } finally {
                close(s);
                release(s.getInetAddress());
            }
            return;
        }
        try {
            serveAssociation(as, s);
        } finally {
            close(s);
            active.decrementAndGet();
            release(s.getInetAddress());
        }
    }

    private void serveAssociation(Association as, Socket s) {
        try {
            AccessDecision d = policy.negotiate(as.request(), s.getInetAddress());
            if (!d.accepted()) {
                LOG.warnf("rejected association %s -> %s from %s: %s (%s)", as.callingAET(), as.calledAET(),
                        s.getInetAddress().getHostAddress(), d.why(), d.rejection());
                as.reject(d.rejection());
                return;
            }
            as.accept(d.acceptance());
            LOG.debugf("accepted %s", as.request());
            for (Association.Command cmd; (cmd = as.readCommand()) != null; ) {
                dispatch(as, cmd);
            }
        } catch (PduException e) {
            LOG.warnf("protocol error from %s: %s; aborting", s.getInetAddress().getHostAddress(), e.getMessage());
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, e.abortReason()));
        } catch (AssociationException e) {
            LOG.infof("association with %s ended: %s", s.getInetAddress().getHostAddress(), e.getMessage());
            if (e.abort() == null) {
                as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("association with %s failed: %s", s.getInetAddress().getHostAddress(), String.valueOf(e));
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED));
        }
    }

    private void dispatch(Association as, Association.Command cmd) throws IOException {
        var rq = cmd.attributes();
        int field = rq.getInt(Dimse.CommandField, 0);
        switch (field) {
            case Dimse.C_ECHO_RQ -> {
                if (Dimse.hasDataSet(rq)) {
                    as.openDataSet(cmd.contextId()).transferTo(OutputStream.nullOutputStream());
                }
                CStoreHandler.respond(as, cmd.contextId(), rq, Status.SUCCESS, null);
            }
            case Dimse.C_STORE_RQ -> store.handle(as, cmd);
            case Dimse.C_CANCEL_RQ -> {
                // nothing outstanding to cancel
            }
            default -> {
                if (Dimse.isResponse(field)) {
                    throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER,
                            "unexpected " + Dimse.commandName(field) + " to an SCP");
                }
                if (Dimse.hasDataSet(rq)) {
                    as.openDataSet(cmd.contextId()).transferTo(OutputStream.nullOutputStream());
                }
                CStoreHandler.respond(as, cmd.contextId(), rq, Status.UNRECOGNIZED_OPERATION,
                        Dimse.commandName(field) + " is not supported");
            }
        }
    }

    private void close(Socket s) {
        open.remove(s);
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed
        }
    }

    /** Stops accepting, closes every open association and waits briefly for the workers. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            close(s);
        }
        workers.shutdownNow();
        deadlines.shutdownNow();
        try {
            acceptor.join(5000);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
