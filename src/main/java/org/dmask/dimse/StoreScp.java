package org.dmask.dimse;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A Storage and Verification SCP: listens (plain or TLS), negotiates associations through
 * {@link AssociationPolicy}, serves C-ECHO and C-STORE on a bounded pool of {@code maxAssociations} threads, and
 * rejects one association more with A-ASSOCIATE-RJ "local limit exceeded". Runs without Quarkus: construct, start,
 * close.
 */
public final class StoreScp implements Closeable {

    private static final Logger LOG = Logger.getLogger(StoreScp.class);
    /** Threads that only answer "local limit exceeded"; beyond them, extra connections are closed at once. */
    private static final int REJECTERS = 2;
    private static final long THREAD_KEEP_ALIVE_MS = 2000;

    private final ScpSettings settings;
    private final AssociationPolicy policy;
    private final Consumer<ReceivedObject> listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private DicomSpool spool;
    private CStoreHandler store;
    private ServerSocket server;
    private ThreadPoolExecutor workers;
    private ThreadPoolExecutor rejecters;
    private Thread acceptor;
    private volatile boolean running;

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
        spool = new DicomSpool(settings.spoolDirectory());
        spool.removeStaleParts();
        store = new CStoreHandler(spool, settings.maxObjectSize(), listener);
        server = settings.tls() != null ? Tls.serverSocket(settings.tls()) : new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 64);
        workers = pool("dimse-association-", settings.maxAssociations());
        rejecters = pool("dimse-reject-", REJECTERS);
        running = true;
        acceptor = new Thread(this::acceptLoop, "dimse-acceptor-" + server.getLocalPort());
        acceptor.start();
        LOG.infof("DICOM SCP %s listening on %s:%d%s, spool %s, at most %d associations", settings.aeTitles().keySet(),
                settings.host(), server.getLocalPort(), settings.tls() != null ? " (TLS)" : "",
                spool.directory(), settings.maxAssociations());
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

    private void acceptLoop() {
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
            open.add(s);
            if (active.incrementAndGet() <= settings.maxAssociations()) {
                if (submit(s)) {
                    continue;
                }
            }
            active.decrementAndGet();
            try {
                rejecters.execute(() -> rejectOverLimit(s));
            } catch (RejectedExecutionException e) {
                close(s);
            }
        }
    }

    /** A worker that just finished may not be waiting for work yet: retry briefly before giving up. */
    private boolean submit(Socket s) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                workers.execute(() -> serve(s));
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

    private void rejectOverLimit(Socket s) {
        try {
            Association as = Association.readRequest(s, settings.limits());
            LOG.warnf("rejecting association from %s (%s): local limit of %d associations exceeded",
                    as.callingAET(), s.getInetAddress().getHostAddress(), settings.maxAssociations());
            as.reject(AAssociateRJ.localLimitExceeded());
        } catch (IOException e) {
            LOG.debugf("connection over the limit ended: %s", e.getMessage());
        } finally {
            close(s);
        }
    }

    private void serve(Socket s) {
        Association as = null;
        try {
            if (s instanceof javax.net.ssl.SSLSocket ssl) {
                ssl.setSoTimeout(settings.limits().artimMillis());
                ssl.startHandshake();
            }
            as = Association.readRequest(s, settings.limits());
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
            if (as != null) {
                as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, e.abortReason()));
            }
        } catch (AssociationException e) {
            LOG.infof("association with %s ended: %s", s.getInetAddress().getHostAddress(), e.getMessage());
            if (as != null && e.abort() == null) {
                as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("association with %s failed: %s", s.getInetAddress().getHostAddress(), String.valueOf(e));
            if (as != null) {
                as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED));
            }
        } finally {
            close(s);
            active.decrementAndGet();
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
        rejecters.shutdownNow();
        try {
            acceptor.join(5000);
            workers.awaitTermination(5, TimeUnit.SECONDS);
            rejecters.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
