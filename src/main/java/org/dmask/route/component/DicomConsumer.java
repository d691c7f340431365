package org.dmask.route.component;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.dmask.dimse.ReceivedObject;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.StoreScp;
import org.jboss.logging.Logger;

/**
 * The SCP as a Camel consumer: every object received and fsynced into the spool (the sender already told "success")
 * becomes an Exchange whose body is the spool file, with the association in {@link DicomHeaders}. If the route
 * fails, the object stays in the spool and is routed again at the next start.
 *
 * <p>The exchange runs on one of a few routing threads, not on the association's: the association reads its next
 * C-STORE while the object before goes through the rules into the job store, and the objects of several associations
 * routed at once share the job store's fsyncs. At most {@value #QUEUED} objects wait for a routing thread; beyond
 * that the association routes its object itself (back-pressure on the sender). What waits is durable in the spool
 * already: on stop the routing threads finish it, after a crash the next start routes it.
 */
public class DicomConsumer extends DefaultConsumer {

    private static final Logger LOG = Logger.getLogger(DicomConsumer.class);
    private static final int ROUTING_THREADS = 4;
    static final int QUEUED = 64;
    private final ScpSettings settings;
    private volatile StoreScp scp;
    private volatile ThreadPoolExecutor routing;

    DicomConsumer(DicomEndpoint endpoint, Processor processor, ScpSettings settings) {
        super(endpoint, processor);
        this.settings = settings;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        AtomicInteger n = new AtomicInteger();
        routing = new ThreadPoolExecutor(ROUTING_THREADS, ROUTING_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), r -> {
                    Thread t = new Thread(r, "dmask-dicom-routing-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        routing.allowCoreThreadTimeOut(true);
        scp = new StoreScp(settings, this::received).start();
    }

    private void received(ReceivedObject o) {
        ThreadPoolExecutor r = routing;
        if (r == null || r.isShutdown()) {
            LOG.infof("stopping: an object from %s stays in the spool, routed at the next start", o.callingAET());
            return;
        }
        r.execute(() -> route(o));
    }

    private void route(ReceivedObject o) {
        Exchange ex = createExchange(false);
        ex.getIn().setBody(o.file());
        ex.getIn().setHeader(DicomHeaders.CALLING_AET, o.callingAET());
        ex.getIn().setHeader(DicomHeaders.CALLED_AET, o.calledAET());
        ex.getIn().setHeader(DicomHeaders.REMOTE_ADDRESS, o.remoteAddress());
        ex.getIn().setHeader(DicomHeaders.SOP_CLASS_UID, o.sopClassUID());
        ex.getIn().setHeader(DicomHeaders.SOP_INSTANCE_UID, o.sopInstanceUID());
        ex.getIn().setHeader(DicomHeaders.TRANSFER_SYNTAX_UID, o.transferSyntaxUID());
        ex.getIn().setHeader(DicomHeaders.VIA, "dimse");
        try {
            getProcessor().process(ex);
        } catch (Exception e) {
            ex.setException(e);
        }
        if (ex.getException() != null) {
            // Not the spool file's name: it is the original SOP Instance UID.
            LOG.errorf("routing an object from %s failed (kept in the spool, routed again at the next start): %s",
                    o.callingAET(), ex.getException().getMessage());
        }
        releaseExchange(ex, false);
    }

    /** The running SCP (null when stopped): its port and spool. */
    public StoreScp scp() {
        return scp;
    }

    @Override
    protected void doStop() throws Exception {
        StoreScp s = scp;
        scp = null;
        if (s != null) {
            s.close();
        }
        ThreadPoolExecutor r = routing;
        if (r != null) {
            r.shutdown();
            if (!r.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warnf("%d received object(s) not routed within 60 s of stopping: they stay in the spool",
                        r.getQueue().size());
                r.shutdownNow();
            }
        }
        super.doStop();
    }
}
