package org.dmask.dimse;

import java.nio.file.Path;

/**
 * An object received by C-STORE and durable in the spool. The Move Originator fields are those of the C-STORE-RQ
 * (null / -1 when the store was not part of a C-MOVE).
 */
public record ReceivedObject(Path file, String sopClassUID, String sopInstanceUID, String transferSyntaxUID,
        String callingAET, String calledAET, String remoteAddress, long dataSetLength,
        String moveOriginatorAET, int moveOriginatorMessageId) {
}
