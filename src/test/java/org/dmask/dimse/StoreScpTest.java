package org.dmask.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SCP's statuses, rejections and limits, driven by our own SCU and raw associations. */
class StoreScpTest {

    @TempDir
    Path tmp;
    StoreScp scp;
    final List<ReceivedObject> received = new ArrayList<>();

    @AfterEach
    void stop() {
        if (scp != null) {
            scp.close();
        }
    }

    private StoreScp start(ScpSettings s) throws IOException {
        scp = new StoreScp(s, received::add).start();
        return scp;
    }

    private ScpSettings defaults() {
        return ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool"));
    }

    private ScuSettings scu(String calling) {
        return ScuSettings.of("127.0.0.1", scp.port(), "DMASK", calling);
    }

    private static Path ct() {
        return Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
    }

    @Test
    void storesDurablyThenAnswersSuccessAndReportsTheObject() throws Exception {
        start(defaults());
        List<StoreScu.Result> results = new StoreScu(scu("TESTSCU")).store(List.of(ct()), r -> { });
        assertEquals(Status.SUCCESS, results.get(0).status(), results.toString());
        StoreScu.Instance sent = StoreScu.probe(ct());
        Path file = scp.spool().directory().resolve(sent.iuid() + ".dcm");
        assertTrue(Files.isRegularFile(file));
        assertEquals(1, received.size());
        assertEquals("TESTSCU", received.get(0).callingAET());
        assertEquals(file, received.get(0).file());
        // The data set bytes are those sent, behind our meta group.
        byte[] a = Files.readAllBytes(ct());
        byte[] b = Files.readAllBytes(file);
        long offA = sent.datasetOffset();
        long offB = StoreScu.datasetOffset(file);
        assertEquals(a.length - offA, b.length - offB);
        assertTrue(java.util.Arrays.equals(a, (int) offA, a.length, b, (int) offB, b.length));
        // The SCU returns on A-RELEASE-RP; the SCP's side of the association ends just after: wait for it.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (scp.activeAssociations() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, scp.activeAssociations(), "the association is closed on the SCP side");
    }

    @Test
    void dataSetNotMatchingTheCommandIsA900AndLeavesNoFile() throws Exception {
        start(defaults());
        StoreScu.Instance i = StoreScu.probe(ct());
        int status = storeWithCommand(i, i.cuid(), "1.2.3.4.5.6.7");
        assertEquals(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, status);
        assertSpoolEmpty();
    }

    @Test
    void unparsableDataSetIsC000AndLeavesNoFile() throws Exception {
        start(defaults());
        StoreScu.Instance i = StoreScu.probe(ct());
        StoreScu scu = new StoreScu(scu("TESTSCU"));
        try (Association as = scu.open(List.of(PresentationContext.proposed(1, i.cuid(),
                List.of(UID.ExplicitVRLittleEndian))))) {
            int id = as.nextMessageId();
            // An element claiming 1000 bytes where 4 follow.
            as.send(1, Dimse.cStoreRQ(id, i.cuid(), i.iuid(), 0, null, 0),
                    out -> out.write(new byte[] {8, 0, 0x18, 0, 'U', 'I', (byte) 0xE8, 3, '1', '.', '2', 0}));
            assertEquals(Status.CANNOT_UNDERSTAND, as.readResponse(id).getInt(Dimse.Status, -1));
            as.release();
        }
        assertSpoolEmpty();
    }

    @Test
    void spoolThatCannotBeWrittenIsA700AndLeavesNoFile() throws Exception {
        start(defaults());
        Files.delete(scp.spool().directory());
        Files.writeString(scp.spool().directory(), "a file where the spool directory was");
        StoreScu.Instance i = StoreScu.probe(ct());
        assertEquals(Status.OUT_OF_RESOURCES, storeWithCommand(i, i.cuid(), i.iuid()));
        Files.delete(scp.spool().directory());
    }

    @Test
    void moveOriginatorIsKept() throws Exception {
        start(defaults());
        StoreScu.Instance i = StoreScu.probe(ct());
        try (Association as = new StoreScu(scu("TESTSCU")).open(List.of(PresentationContext.proposed(1, i.cuid(),
                List.of(i.ts().uid()))))) {
            int id = as.nextMessageId();
            as.send(1, Dimse.cStoreRQ(id, i.cuid(), i.iuid(), 0, "MOVER", 77), out -> copy(i, out));
            assertEquals(Status.SUCCESS, as.readResponse(id).getInt(Dimse.Status, -1));
            as.release();
        }
        assertEquals("MOVER", received.get(0).moveOriginatorAET());
        assertEquals(77, received.get(0).moveOriginatorMessageId());
    }

    @Test
    void oneAssociationOverTheLimitIsRejectedLocalLimitExceeded() throws Exception {
        start(defaults().withMaxAssociations(1));
        StoreScu scu = new StoreScu(scu("TESTSCU"));
        List<PresentationContext> echo = List.of(PresentationContext.proposed(1, UID.VerificationSOPClass,
                List.of(UID.ImplicitVRLittleEndian)));
        try (Association first = scu.open(echo)) {
            AssociationException e = assertThrows(AssociationException.class, () -> scu.open(echo));
            assertEquals(AAssociateRJ.localLimitExceeded(), e.rejection());
            first.release();
        }
        awaitNoActive();
        assertEquals(Status.SUCCESS, scu.echo());
    }

    @Test
    void accessControlRejectsWithTheRightReason() throws Exception {
        AeSettings rules = AeSettings.acceptAll().withAllowedCallingAETs(List.of("GOOD"));
        AeSettings byAddress = AeSettings.acceptAll().withAllowedAddresses(List.of("10.0.0.0/8"));
        AeSettings byUser = AeSettings.acceptAll().withAllowedUsers(List.of(
                "alice:" + java.util.HexFormat.of().formatHex(AssociationPolicy.sha256("secret"))));
        start(defaults().withAeTitles(Map.of("DMASK", rules, "ADDR", byAddress, "USERS", byUser)));

        assertEquals(Status.SUCCESS, new StoreScu(scu("GOOD")).echo());
        assertReject(new StoreScu(scu("BAD")), AAssociateRJ.SOURCE_SERVICE_USER, AAssociateRJ.CALLING_AET_NOT_RECOGNIZED);
        assertReject(new StoreScu(ScuSettings.of("127.0.0.1", scp.port(), "NOSUCH", "GOOD")),
                AAssociateRJ.SOURCE_SERVICE_USER, AAssociateRJ.CALLED_AET_NOT_RECOGNIZED);
        assertReject(new StoreScu(ScuSettings.of("127.0.0.1", scp.port(), "ADDR", "GOOD")),
                AAssociateRJ.SOURCE_SERVICE_USER, AAssociateRJ.NO_REASON_GIVEN);
        ScuSettings users = ScuSettings.of("127.0.0.1", scp.port(), "USERS", "ANY");
        assertReject(new StoreScu(users), AAssociateRJ.SOURCE_SERVICE_USER, AAssociateRJ.NO_REASON_GIVEN);
        assertReject(new StoreScu(users.withUserIdentity(UserIdentity.usernamePasscode("alice", "wrong", false))),
                AAssociateRJ.SOURCE_SERVICE_USER, AAssociateRJ.NO_REASON_GIVEN);
        StoreScu alice = new StoreScu(users.withUserIdentity(UserIdentity.usernamePasscode("alice", "secret", true)));
        try (Association as = alice.open(List.of(PresentationContext.proposed(1, UID.VerificationSOPClass,
                List.of(UID.ImplicitVRLittleEndian))))) {
            assertNotNull(as.acceptance().userIdentityResponse(), "positive response requested and given");
            as.release();
        }
    }

    @Test
    void unsupportedAbstractAndTransferSyntaxesAreRefusedPerContext() throws Exception {
        start(defaults());
        try (Association as = new StoreScu(scu("TESTSCU")).open(List.of(
                PresentationContext.proposed(1, "1.2.3.4.5", List.of(UID.ImplicitVRLittleEndian)),
                PresentationContext.proposed(3, UID.CTImageStorage, List.of("1.2.3.99")),
                PresentationContext.proposed(5, UID.VideoEndoscopicImageStorage, List.of(UID.MPEG2MPML)),
                PresentationContext.proposed(7, UID.VideoPhotographicImageStorage, List.of(UID.MPEG4HP41F)),
                PresentationContext.proposed(9, UID.VideoMicroscopicImageStorage, List.of(UID.HEVCMP51))))) {
            AAssociateRQAC ac = as.acceptance();
            assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, ac.presentationContext(1).result());
            assertEquals(PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, ac.presentationContext(3).result());
            assertEquals(UID.MPEG2MPML, as.acceptedContext(5).transferSyntax());
            assertEquals(UID.MPEG4HP41F, as.acceptedContext(7).transferSyntax());
            assertEquals(UID.HEVCMP51, as.acceptedContext(9).transferSyntax());
            as.release();
        }
    }

    @Test
    void idleAssociationIsAborted() throws Exception {
        start(defaults().withLimits(new AssociationLimits(Duration.ofSeconds(5), Duration.ofMillis(300), 65536)));
        StoreScu scu = new StoreScu(scu("TESTSCU"));
        try (Association as = scu.open(List.of(PresentationContext.proposed(1, UID.VerificationSOPClass,
                List.of(UID.ImplicitVRLittleEndian))))) {
            Thread.sleep(1000);
            AssociationException e = assertThrows(AssociationException.class, () -> as.readResponse(1));
            assertNotNull(e.abort(), e.getMessage());
        }
        awaitNoActive();
    }

    @Test
    void staleParFilesAreRemovedOnStart() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        Files.writeString(spool.resolve("1.2.3.dcm.abc.part"), "half an object");
        start(defaults());
        assertSpoolEmpty();
    }

    private int storeWithCommand(StoreScu.Instance i, String cuid, String iuid) throws IOException {
        try (Association as = new StoreScu(scu("TESTSCU")).open(List.of(PresentationContext.proposed(1, cuid,
                List.of(i.ts().uid()))))) {
            int id = as.nextMessageId();
            as.send(1, Dimse.cStoreRQ(id, cuid, iuid, 0, null, 0), out -> copy(i, out));
            Attributes rsp = as.readResponse(id);
            as.release();
            return rsp.getInt(Dimse.Status, -1);
        }
    }

    private static void copy(StoreScu.Instance i, java.io.OutputStream out) throws IOException {
        try (var in = Files.newInputStream(i.file())) {
            in.skipNBytes(i.datasetOffset());
            in.transferTo(out);
        }
    }

    private static void assertReject(StoreScu scu, int source, int reason) {
        AssociationException e = assertThrows(AssociationException.class, scu::echo);
        assertNotNull(e.rejection(), e.getMessage());
        assertEquals(AAssociateRJ.REJECTED_PERMANENT, e.rejection().result());
        assertEquals(source, e.rejection().source(), e.getMessage());
        assertEquals(reason, e.rejection().reason(), e.getMessage());
    }

    private void assertSpoolEmpty() throws IOException {
        try (Stream<Path> files = Files.list(scp.spool().directory())) {
            assertEquals(List.of(), files.toList());
        }
    }

    private void awaitNoActive() throws InterruptedException {
        for (int i = 0; i < 100 && scp.activeAssociations() > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, scp.activeAssociations());
    }
}
