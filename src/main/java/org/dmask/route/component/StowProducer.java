package org.dmask.route.component;


import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.dmask.dicomweb.StowClient;

/**
 * Stores the body (a file) by STOW-RS. 200 succeeds; 409/400/415 (the archive refuses it) are permanent; the server
 * unreachable, 5xx, 401/403 (credentials being fixed) and 202 without the instance are transient.
 */
public class StowProducer extends DefaultProducer {

    private final StowClient client;

    StowProducer(StowEndpoint endpoint, StowClient client) {
        super(endpoint);
        this.client = client;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        StowClient.Response r;
        try {
            r = client.store(List.of(DicomProducer.body(exchange)));
        } catch (IOException e) {
            throw new DeliveryException("STOW-RS to " + getEndpoint().getEndpointUri().replaceAll("(token|password)=[^&]*", "$1=***")
                    + ": " + e, false, e);
        }
        if (r.status() == 200) {
            return;
        }
        boolean permanent = r.status() == 409 || r.status() == 400 || r.status() == 415;
        String body = r.body() == null ? "" : r.body();
        throw new DeliveryException("STOW-RS answered " + r.status() + ": "
                + (body.length() > 300 ? body.substring(0, 300) + "..." : body), permanent);
    }
}
