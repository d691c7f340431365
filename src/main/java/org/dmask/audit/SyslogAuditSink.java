package org.dmask.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * DICOM audit messages (PS3.15 A.5, the "DICOM Instances Transferred" event, 110104) for receives, sends and
 * failures, as RFC 5424 syslog messages over UDP (RFC 5426) or TCP with octet counting (RFC 6587). Rule matches,
 * de-identification and mask steps stay in the JSON lines file only.
 */
public final class SyslogAuditSink implements AuditSink, Closeable {

    private static final Logger LOG = Logger.getLogger(SyslogAuditSink.class);
    /** facility 10 (security/authorization), severity 5 (notice) / 4 (warning). */
    private static final int PRI_NOTICE = 10 * 8 + 5;
    private static final int PRI_WARNING = 10 * 8 + 4;

    private final InetSocketAddress to;
    private final boolean tcp;
    private final String hostName;
    private DatagramSocket udp;
    private Socket socket;

    public SyslogAuditSink(String host, int port, String protocol) {
        this.to = new InetSocketAddress(host, port);
        this.tcp = "tcp".equalsIgnoreCase(protocol);
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "-";
        }
        this.hostName = h;
    }

    @Override
    public synchronized void record(AuditEvent e) {
        if (e.type() != AuditEvent.Type.RECEIVE && e.type() != AuditEvent.Type.SEND
                && e.type() != AuditEvent.Type.DEAD_LETTER && e.type() != AuditEvent.Type.FAILURE) {
            return;
        }
        byte[] msg = syslog(e).getBytes(StandardCharsets.UTF_8);
        try {
            if (tcp) {
                if (socket == null || socket.isClosed()) {
                    socket = new Socket();
                    socket.connect(to, 5000);
                }
                OutputStream out = socket.getOutputStream();
                out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(msg);
                out.flush();
            } else {
                if (udp == null) {
                    udp = new DatagramSocket();
                }
                udp.send(new DatagramPacket(msg, msg.length, to));
            }
        } catch (IOException ex) {
            LOG.warnf("cannot send the audit message to %s: %s", to, ex.getMessage());
            closeQuietly();
        }
    }

    String syslog(AuditEvent e) {
        int pri = e.outcome() == AuditEvent.Outcome.SUCCESS ? PRI_NOTICE : PRI_WARNING;
        // RFC 5424 TIME-SECFRAC has at most 6 digits.
        return "<" + pri + ">1 " + DateTimeFormatter.ISO_INSTANT.format(e.when().truncatedTo(ChronoUnit.MICROS))
                + " " + hostName
                + " dmask - IHE+RFC-3881 - \uFEFF" + AuditMessageXml.of(e);
    }

    private void closeQuietly() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // reconnect next time
        }
        socket = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
        if (udp != null) {
            udp.close();
        }
    }
}
