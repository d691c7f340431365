package org.dmask.route;

import java.nio.file.Path;

/** Hands a prepared object to a target endpoint (in dmask: a Camel producer). */
@FunctionalInterface
public interface Sender {
    void send(TargetSpec target, Path file, Job job) throws DeliveryException;
}
