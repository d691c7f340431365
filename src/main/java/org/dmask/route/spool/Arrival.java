package org.dmask.route.spool;

import java.nio.file.Path;

/** An object durable in the spool, with who sent it and how: the input of the rules. */
public record Arrival(Path file, String callingAET, String calledAET, String remoteAddress, String via) {
}
