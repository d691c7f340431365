package org.dmask.route.delivery;

import org.dmask.route.component.DeliveryException;

import org.dmask.route.component.DicomHeaders;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Sends a prepared object to the target's endpoint URI through Camel; the producer's failure decides retry or not. */
public final class CamelSender implements Sender {

    private final ProducerTemplate template;

    public CamelSender(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public String send(TargetSpec target, Path file, Job job) throws DeliveryException {
        Exchange ex;
        try {
            ex = template.send(target.uri(), e -> {
                e.getIn().setBody(file);
                e.getIn().setHeader(DicomHeaders.CALLING_AET, job.callingAET());
                e.getIn().setHeader("DmaskJob", job.id());
            });
        } catch (RuntimeException e) {
            // The endpoint cannot even be created (bad URI): no retry helps.
            throw new DeliveryException("target " + target.name() + " (" + target.uri() + "): " + e.getMessage(),
                    true, e);
        }
        Exception failure = ex.getException();
        if (failure == null) {
            return ex.getMessage().getHeader(DicomHeaders.NOTE, String.class);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeliveryException d) {
                throw d;
            }
        }
        throw new DeliveryException("target " + target.name() + ": " + failure, false, failure);
    }
}
