package org.dmask.route.component;

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
 */
public class DicomConsumer extends DefaultConsumer {

    private static final Logger LOG = Logger.getLogger(DicomConsumer.class);
    private final ScpSettings settings;
    private volatile StoreScp scp;

    DicomConsumer(DicomEndpoint endpoint, Processor processor, ScpSettings settings) {
        super(endpoint, processor);
        this.settings = settings;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scp = new StoreScp(settings, this::received).start();
    }

    private void received(ReceivedObject o) {
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
        super.doStop();
    }
}
