package org.dmask.route.delivery;

import org.dmask.route.component.DeliveryException;


import java.nio.file.Path;

/** Hands a prepared object to a target endpoint (in dmask: a Camel producer). */
@FunctionalInterface
public interface Sender {
    /** Returns what is worth a word in the delivery's log line (a fallback taken), or null. */
    String send(TargetSpec target, Path file, Job job) throws DeliveryException;
}
