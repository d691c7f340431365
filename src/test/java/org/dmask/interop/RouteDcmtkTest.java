package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScu;
import org.dmask.route.GatewayHarness;
import org.dmask.route.delivery.Job;
import org.dmask.route.delivery.Preparer;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route core against DCMTK storescp as the target: fail closed for videos without a masker while images arrive
 * de-identified; a target down for a while; a rule file with an error at reload; and TLS on both legs with
 * DCMTK storescu as the sender.
 */
@PeerTest
class RouteDcmtkTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Path rules(String name, int targetPort, String targetOptions) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, """
                mode: first-match
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d%s
                rules:
                  - name: everything
                    priority: 10
                    deid: basic
                    mask: full
                    targets: [dcmtk]
                """.formatted(targetPort, targetOptions));
        return f;
    }

    private static String scpUri(Path work) {
        return "dicom:DMASK?host=127.0.0.1&port=0&spool=" + work.resolve("spool");
    }

    private static List<StoreScu.Result> send(GatewayHarness h, List<Path> files) {
        return new StoreScu(ScuSettings.of("127.0.0.1", h.gateway.scp().port(), "DMASK", "MODALITY1"))
                .store(files, r -> { });
    }

    @Test
    void videoWithoutMaskerGoesToDeadLettersWhileImagesArriveDeidentified() throws Exception {
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Process storescp = RouteTestSupport.storescp(port, out, tmp.resolve("storescp.log"));
        Path work = tmp.resolve("gw");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules("r.yaml", port, ""),
                scpUri(work)), work.resolve("audit.jsonl"), null)) {
            Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
            Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
            List<StoreScu.Result> sent = send(h, List.of(ct, video));
            sent.forEach(r -> assertEquals(Status.SUCCESS, r.status(), r.toString()));
            RouteTestSupport.await(LIMIT, "all jobs finished", () -> h.gateway.store().pending() == 0);

            List<Path> arrived = RouteTestSupport.files(out, ".dcm");
            assertEquals(1, arrived.size(), "only the image reaches the target: " + arrived);
            Attributes original = RouteTestSupport.read(ct);
            Attributes got = RouteTestSupport.read(arrived.get(0));
            assertEquals(original.getString(Tag.SOPClassUID), got.getString(Tag.SOPClassUID));
            assertNotEquals(original.getString(Tag.SOPInstanceUID), got.getString(Tag.SOPInstanceUID));
            assertNotEquals(original.getString(Tag.PatientName), got.getString(Tag.PatientName));
            assertNotEquals(original.getString(Tag.PatientID), got.getString(Tag.PatientID));
            assertEquals("YES", got.getString(Tag.PatientIdentityRemoved));

            Path dead = h.gateway.store().deadLetterDirectory();
            List<Path> reasons = RouteTestSupport.files(dead, ".reason.txt");
            assertEquals(1, reasons.size(), "the video is a dead letter");
            String reason = Files.readString(reasons.get(0));
            assertTrue(reason.startsWith("reason: " + Preparer.NO_MASKER), reason);
            Path deadObject = dead.resolve(reasons.get(0).getFileName().toString().replace(".reason.txt", ".dcm"));
            assertEquals(RouteTestSupport.read(video).getString(Tag.SOPInstanceUID),
                    RouteTestSupport.read(deadObject).getString(Tag.SOPInstanceUID), "the object beside its reason");

            // Audit: every step is there, and no original identifier.
            // Audit events are written just after the step they record (the object may already be at the target or
            // in dead letters): wait for the last two.
            RouteTestSupport.await(LIMIT, "the send and dead-letter audit events", () -> {
                try {
                    String a = Files.readString(work.resolve("audit.jsonl"));
                    return a.contains("\"event\":\"dead_letter\"") && a.contains("\"event\":\"send\"");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            String audit = Files.readString(work.resolve("audit.jsonl"));
            for (String event : List.of("\"receive\"", "\"rule_match\"", "\"deidentify\"", "\"mask\"", "\"send\"",
                    "\"dead_letter\"")) {
                assertTrue(audit.contains("\"event\":" + event), event + " missing in\n" + audit);
            }
            for (int tag : new int[] {Tag.PatientName, Tag.PatientID, Tag.StudyInstanceUID, Tag.SOPInstanceUID,
                    Tag.AccessionNumber}) {
                String v = original.getString(tag);
                if (v != null && !v.isBlank()) {
                    assertFalse(audit.contains(v.strip()), "original value of " + Integer.toHexString(tag)
                            + " in the audit log");
                }
            }
            assertTrue(audit.contains(got.getString(Tag.StudyInstanceUID)), "the pseudonymous study ID is audited");
            RouteTestSupport.files(work.resolve("store"), ".part").forEach(p -> { throw new AssertionError(p); });
            assertEquals(List.of(), RouteTestSupport.files(work.resolve("store/objects"), ".dcm"), "spool emptied");
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    @Test
    void withTheMaskTheVideoArrivesMaskedAndAnUndecodableOneIsADeadLetter() throws Exception {
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out-mask"));
        Process storescp = RouteTestSupport.storescp(port, out, tmp.resolve("storescp-mask.log"));
        Path work = tmp.resolve("gw-mask");
        org.dmask.mask.pipeline.MaskPipeline pipeline = org.dmask.mask.MaskTestSupport.pipeline(0.2);
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules("r.yaml", port, ""),
                scpUri(work)), work.resolve("audit.jsonl"),
                (in, o, mode) -> org.dmask.mask.pipeline.DigitalMask.mask(pipeline, in, o, mode))) {
            Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
            Path bad = undecodableVideo(video, tmp.resolve("bad-video.dcm"));
            List<StoreScu.Result> sent = send(h, List.of(video, bad));
            sent.forEach(r -> assertEquals(Status.SUCCESS, r.status(), r.toString()));
            RouteTestSupport.await(LIMIT, "all jobs finished", () -> h.gateway.store().pending() == 0);

            List<Path> arrived = RouteTestSupport.files(out, ".dcm");
            assertEquals(1, arrived.size(), "the masked video reaches the target: " + arrived);
            Attributes original = RouteTestSupport.read(video);
            Attributes got = RouteTestSupport.read(arrived.get(0));
            assertEquals(original.getString(Tag.SOPClassUID), got.getString(Tag.SOPClassUID));
            assertNotEquals(original.getString(Tag.SOPInstanceUID), got.getString(Tag.SOPInstanceUID));
            assertEquals("YES", got.getString(Tag.PatientIdentityRemoved), "de-identified");
            assertNotEquals(original.getString(Tag.PatientID), got.getString(Tag.PatientID));
            assertEquals("NO", got.getString(Tag.RecognizableVisualFeatures));
            org.dmask.dicom.Sequence codes = (org.dmask.dicom.Sequence) got.getValue(
                    Tag.DeidentificationMethodCodeSequence);
            assertTrue(codes.stream().anyMatch(i -> "113102".equals(i.getString(Tag.CodeValue))), "113102");
            assertEquals(original.getString(Tag.NumberOfFrames), got.getString(Tag.NumberOfFrames));

            List<Path> reasons = RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".reason.txt");
            assertEquals(1, reasons.size(), "the undecodable video is a dead letter");
            String reason = Files.readString(reasons.get(0));
            assertTrue(reason.startsWith("reason: video cannot be masked"), reason);
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    /** The corpus video with its stream replaced by zeros, under a new SOP Instance UID. */
    private static Path undecodableVideo(Path video, Path out) throws Exception {
        Attributes ds = RouteTestSupport.read(video);
        Path junk = out.resolveSibling("zeros.bin");
        Files.write(junk, new byte[4096]);
        org.dmask.dicom.Fragments f = new org.dmask.dicom.Fragments(org.dmask.dicom.VR.OB);
        f.add(new byte[0]);
        f.add(new org.dmask.dicom.BulkData(junk, 0, 4096, false));
        ds.setValue(Tag.PixelData, org.dmask.dicom.VR.OB, f);
        ds.setString(Tag.SOPInstanceUID, org.dmask.dicom.VR.UI, org.dmask.video.VideoEncapsulator.newUid());
        org.dmask.video.VideoFixtures.write(ds, org.dmask.dicom.UID.MPEG4HP41, out);
        return out;
    }

    @Test
    void objectsWaitWhileTheTargetIsDownAndArriveWhenItReturns() throws Exception {
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Path work = tmp.resolve("gw");
        List<Path> instances = RouteTestSupport.copies(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"),
                tmp.resolve("in"), 30, "7001");
        Process storescp = null;
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules("r.yaml", port, ""),
                scpUri(work)), work.resolve("audit.jsonl"), null)) {
            send(h, instances).forEach(r -> assertEquals(Status.SUCCESS, r.status(), r.toString()));
            RouteTestSupport.await(LIMIT, "every job tried at least twice", () -> h.gateway.store().jobs().stream()
                    .allMatch(j -> j.attempts() >= 2));
            assertEquals(30, h.gateway.store().pending(), "all wait while the target is down");
            assertEquals(List.of(), RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".dcm"));
            storescp = RouteTestSupport.storescp(port, out, tmp.resolve("storescp.log"));
            RouteTestSupport.await(LIMIT, "all delivered", () -> h.gateway.store().pending() == 0);
            assertEquals(30, RouteTestSupport.files(out, ".dcm").size(), "none lost");
            assertEquals(List.of(), RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".dcm"));
            assertTrue(Files.readString(work.resolve("audit.jsonl")).contains("\"event\":\"failure\""));
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    @Test
    void aRuleFileWithAnErrorKeepsThePreviousRulesRunning() throws Exception {
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Process storescp = RouteTestSupport.storescp(port, out, tmp.resolve("storescp.log"));
        Path work = tmp.resolve("gw");
        Path ruleFile = rules("rules.yaml", port, "");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, scpUri(work)),
                work.resolve("audit.jsonl"), null)) {
            String good = Files.readString(ruleFile);
            Files.writeString(ruleFile.resolveSibling("rules.yaml.new"), good.replace("mask: full", "mask: partial"));
            Files.move(ruleFile.resolveSibling("rules.yaml.new"), ruleFile,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            RouteTestSupport.await(LIMIT, "the reload to be refused", () -> h.gateway.rules().lastError() != null);
            String error = h.gateway.rules().lastError();
            assertEquals(ruleFile + ":8: rule 'everything': field 'mask': 'partial' (expected off, full or face)",
                    error);
            assertEquals(org.dmask.mask.MaskMode.FULL, h.gateway.rules().get().rules().get(0).mask(),
                    "the running rules stay");
            List<Path> two = RouteTestSupport.copies(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"),
                    tmp.resolve("in"), 2, "7002");
            send(h, two).forEach(r -> assertEquals(Status.SUCCESS, r.status(), r.toString()));
            RouteTestSupport.await(LIMIT, "delivery under the old rules", () -> h.gateway.store().pending() == 0);
            assertEquals(2, RouteTestSupport.files(out, ".dcm").size());

            // A valid file replaces them.
            Files.writeString(ruleFile, good.replace("mask: full", "mask: face").replace("priority: 10", "priority: 5"));
            RouteTestSupport.await(LIMIT, "the reload", () -> h.gateway.rules().lastError() == null
                    && h.gateway.rules().get().rules().get(0).mask() == org.dmask.mask.MaskMode.FACE);
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    @Test
    void dcmtkStorescuThroughDmaskToStorescpWithTlsOnBothLegs() throws Exception {
        Path openssl = Peers.require("openssl", "openssl");
        Path storescu = Peers.require("storescu", "dcmtk");
        TlsKeys keys = TlsKeys.make(openssl, tmp.resolve("keys"));
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Process storescp = RouteTestSupport.storescp(port, out, tmp.resolve("storescp.log"), "+tls",
                keys.p("server.key"), keys.p("server.pem"), "+cf", keys.p("ca.pem"));
        Path work = tmp.resolve("gw");
        String clientTls = "?tls=true&keyStore=" + keys.p("client.p12") + "&keyStorePassword=changeit&trustStore="
                + keys.p("trust.p12") + "&trustStorePassword=changeit";
        String scp = scpUri(work) + "&tls=true&keyStore=" + keys.p("server.p12")
                + "&keyStorePassword=changeit&trustStore=" + keys.p("trust.p12") + "&trustStorePassword=changeit";
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules("r.yaml", port, clientTls),
                scp), work.resolve("audit.jsonl"), null)) {
            Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
            Peers.ProcessResult r = Peers.run(LIMIT, storescu.toString(), "-v", "-aec", "DMASK", "+tls",
                    keys.p("client.key"), keys.p("client.pem"), "+cf", keys.p("ca.pem"), "127.0.0.1",
                    Integer.toString(h.gateway.scp().port()), ct.toString());
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stderrUtf8().contains("Received Store Response (Success)"), r.stderrUtf8());
            RouteTestSupport.await(LIMIT, "delivery over TLS", () -> h.gateway.store().pending() == 0);
            List<Path> arrived = RouteTestSupport.files(out, ".dcm");
            assertEquals(1, arrived.size(), Files.readString(tmp.resolve("storescp.log")));
            Attributes got = RouteTestSupport.read(arrived.get(0));
            assertNotNull(got.getString(Tag.SOPInstanceUID));
            assertNotEquals(RouteTestSupport.read(ct).getString(Tag.PatientName), got.getString(Tag.PatientName));
            assertEquals(List.of(), RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".dcm"));
            String log = Files.readString(tmp.resolve("storescp.log"));
            assertFalse(log.contains("TLS connection failed"), log);
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    /** Reading a job's state after the fact: states are what the store says. */
    static long count(GatewayHarness h, Job.State s) {
        return h.gateway.store().jobs().stream().filter(j -> j.state() == s).count();
    }
}
