package org.dmask.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.Peers;
import org.dmask.route.delivery.Backoff;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewaySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The syslog audit sender against a listener started here on 127.0.0.1, over UDP (RFC 5426, one message per
 * datagram) and TCP (RFC 6587 octet counting): a CT stored through the gateway yields RFC 5424 messages whose MSG is
 * a well-formed PS3.15 A.5 AuditMessage ("DICOM Instances Transferred", 110104) for the receive and the send, naming
 * the study by its pseudonymous UID; no original Patient ID, Patient Name, Study or SOP Instance UID is in any byte.
 */
class SyslogAuditTest {

    /** PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD SP BOM MSG (RFC 5424 section 6). */
    private static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 "
            + "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})) "
            + "([\\x21-\\x7e]{1,255}) dmask - IHE\\+RFC-3881 - \uFEFF(<\\?xml .*)", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void overUdp() throws Exception {
        try (DatagramSocket listener = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            Thread t = new Thread(() -> {
                byte[] buf = new byte[65536];
                while (!listener.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        listener.receive(p);
                    } catch (IOException e) {
                        return;
                    }
                    got.add(Arrays.copyOf(p.getData(), p.getLength()));
                }
            }, "syslog-udp-listener");
            t.setDaemon(true);
            t.start();
            routeOneCtAndCheck(new SyslogAuditSink("127.0.0.1", listener.getLocalPort(), "udp"), got);
        }
    }

    @Test
    void overTcpWithOctetCounting() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            Thread t = new Thread(() -> {
                try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                    while (true) {
                        got.add(readFrame(in));
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "syslog-tcp-listener");
            t.setDaemon(true);
            t.start();
            routeOneCtAndCheck(new SyslogAuditSink("127.0.0.1", listener.getLocalPort(), "tcp"), got);
        }
    }

    /** One RFC 6587 octet-counted frame: MSG-LEN SP SYSLOG-MSG. */
    private static byte[] readFrame(InputStream in) throws IOException {
        int len = 0;
        for (int c; (c = in.read()) != ' '; ) {
            if (c < '0' || c > '9') {
                throw c < 0 ? new EOFException() : new IOException("bad octet count byte " + c);
            }
            len = len * 10 + (c - '0');
        }
        byte[] msg = new byte[len];
        new DataInputStream(in).readFully(msg);
        return msg;
    }

    private void routeOneCtAndCheck(SyslogAuditSink syslog, BlockingQueue<byte[]> got) throws Exception {
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Attributes original;
        try (DicomInputStream in = new DicomInputStream(ct)) {
            in.readFileMetaInformation();
            original = in.readDataset();
            original.disposeBulkData();
        }
        Path work = tmp.resolve("gw");
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  archive: archive:%s
                rules:
                  - name: all
                    deid: basic
                    mask: off
                    targets: [archive]
                """.formatted(tmp.resolve("archive")));
        GatewaySettings settings = new GatewaySettings(work.resolve("store"), rules,
                "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool"), work.resolve("spool"), null,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10)), 2, 100, 200);
        List<byte[]> messages = new ArrayList<>();
        try (GatewayHarness h = GatewayHarness.start(settings, work.resolve("audit.jsonl"), null, syslog)) {
            StoreScu.Result r = new StoreScu(ScuSettings.of("127.0.0.1", h.gateway.scp().port(), "DMASK",
                    "MODALITY1")).store(List.of(ct), x -> { }).get(0);
            assertTrue(r.success(), r.toString());
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // The receive and the send; rule match and de-identification stay in the JSON lines file.
            while (messages.size() < 2 && System.nanoTime() < end) {
                byte[] m = got.poll(100, TimeUnit.MILLISECONDS);
                if (m != null) {
                    messages.add(m);
                }
            }
        } finally {
            syslog.close();
        }
        assertEquals(2, messages.size(), "audit messages received");

        String study = new Pseudonymizer(GatewayHarness.KEY).uid(original.getString(Tag.StudyInstanceUID));
        List<String> actions = new ArrayList<>();
        for (byte[] raw : messages) {
            String text = new String(raw, StandardCharsets.UTF_8);
            for (int tag : new int[] {Tag.PatientID, Tag.PatientName, Tag.StudyInstanceUID, Tag.SOPInstanceUID}) {
                String v = original.getString(tag).strip();
                assertFalse(text.contains(v), "original " + Integer.toHexString(tag) + " (" + v + ") in " + text);
            }
            for (String part : original.getString(Tag.PatientName).split("\\^")) {
                assertFalse(part.length() > 2 && text.contains(part), "part of the patient name in " + text);
            }
            Matcher m = RFC5424.matcher(text);
            assertTrue(m.matches(), "not an RFC 5424 message with a BOM and an XML MSG: " + text);
            int pri = Integer.parseInt(m.group(1));
            assertEquals(10, pri / 8, "facility 10 (security/authorization)");
            assertEquals(5, pri % 8, "severity 5 (notice) for a success");

            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group(4).getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            assertEquals("AuditMessage", root.getTagName());
            Element ev = first(root, "EventIdentification");
            assertEquals("0", ev.getAttribute("EventOutcomeIndicator"));
            assertFalse(ev.getAttribute("EventDateTime").isEmpty());
            Element id = first(ev, "EventID");
            assertEquals("110104", id.getAttribute("csd-code"));
            assertEquals("DCM", id.getAttribute("codeSystemName"));
            actions.add(ev.getAttribute("EventActionCode"));
            assertEquals(2, root.getElementsByTagName("ActiveParticipant").getLength());
            assertEquals(1, root.getElementsByTagName("AuditSourceIdentification").getLength());
            Element object = first(root, "ParticipantObjectIdentification");
            assertEquals(study, object.getAttribute("ParticipantObjectID"), "the study by its pseudonym");
            assertEquals("2", object.getAttribute("ParticipantObjectTypeCode"));
            assertEquals("3", object.getAttribute("ParticipantObjectTypeCodeRole"));
            assertEquals("110180", first(object, "ParticipantObjectIDTypeCode").getAttribute("csd-code"));
        }
        assertEquals(List.of("C", "R"), actions.stream().sorted().toList(), "a receive (C) and a send (R)");
    }

    private static Element first(Element parent, String name) {
        NodeList l = parent.getElementsByTagName(name);
        assertTrue(l.getLength() > 0, "no " + name);
        return (Element) l.item(0);
    }
}
