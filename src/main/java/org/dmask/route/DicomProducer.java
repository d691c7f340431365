package org.dmask.route;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.StoreScu;

/**
 * The SCU as a Camel producer: stores the body (a file) by C-STORE. Success and warning statuses succeed. The peer
 * being unreachable, a transient rejection, the association failing or "out of resources" (A7xx) are transient
 * failures; a permanent rejection of the association, of the SOP class or of every transfer syntax proposed, and any
 * other failure status are permanent: sending again would be refused the same way.
 */
public class DicomProducer extends DefaultProducer {

    private final ScuSettings settings;

    DicomProducer(DicomEndpoint endpoint, ScuSettings settings) {
        super(endpoint);
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path file = body(exchange);
        List<StoreScu.Result> results = new StoreScu(settings).store(List.of(file), r -> { });
        StoreScu.Result r = results.get(0);
        if (r.success() || r.warning()) {
            exchange.getMessage().setHeader("DmaskStatus", r.status());
            return;
        }
        String what = settings.calledAET() + "@" + settings.host() + ":" + settings.port() + ": " + r;
        throw new DeliveryException("C-STORE to " + what, r.permanent());
    }

    static Path body(Exchange exchange) {
        Object b = exchange.getIn().getBody();
        if (b instanceof Path p) {
            return p;
        }
        if (b instanceof File f) {
            return f.toPath();
        }
        if (b instanceof String s) {
            return Path.of(s);
        }
        throw new IllegalArgumentException("body must be a file: " + (b == null ? "null" : b.getClass().getName()));
    }
}
