package org.dmask.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed PDUs and PDV streams against the SCP: mutations (fixed seed, fixed count) of valid conversations that
 * never release. Every case must end with A-ABORT or A-ASSOCIATE-RJ as the SCP's last PDU and a closed socket; no
 * thread, file descriptor or ".part" file may be left behind.
 */
class PduFuzzTest {

    private static final long SEED = 0x5EEDD1C0L;
    private static final int CASES = 2000;

    @TempDir
    Path tmp;

    @Test
    void everyMalformedConversationEndsInAbortOrRejectAndLeavesNothingBehind() throws Exception {
        ScpSettings settings = ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool"))
                .withLimits(new AssociationLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 16384))
                .withMaxObjectSize(1024 * 1024);
        List<byte[]> seeds = seeds();
        try (StoreScp scp = new StoreScp(settings).start()) {
            runCase(scp.port(), seeds.get(0)); // warm-up: classes loaded, first worker thread made
            int threadsBefore = settledThreads(Integer.MAX_VALUE);
            long fdsBefore = settledFds(Long.MAX_VALUE);
            Random random = new Random(SEED);
            int[] ends = new int[8];
            assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
                for (int n = 0; n < CASES; n++) {
                    byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                    int last = runCase(scp.port(), input);
                    if (last != PduCodec.A_ABORT && last != PduCodec.A_ASSOCIATE_RJ) {
                        fail("case " + n + " ended with " + (last < 0 ? "no PDU" : PduCodec.typeName(last)));
                    }
                    ends[last]++;
                }
            });
            assertTrue(ends[PduCodec.A_ABORT] > 0 && ends[PduCodec.A_ASSOCIATE_RJ] > 0,
                    "aborts " + ends[PduCodec.A_ABORT] + ", rejects " + ends[PduCodec.A_ASSOCIATE_RJ]);
            // A leak can only add; the count may fall when something else in this JVM (an earlier test's stream
            // closed by a cleaner, a pool thread timing out) lets go meanwhile, which is not the SCP's doing.
            int threadsAfter = settledThreads(threadsBefore);
            assertTrue(threadsAfter <= threadsBefore, "threads left behind: " + threadsBefore + " -> " + threadsAfter);
            long fdsAfter = settledFds(fdsBefore);
            assertTrue(fdsAfter <= fdsBefore, "file descriptors left behind: " + fdsBefore + " -> " + fdsAfter);
            try (Stream<Path> files = Files.list(scp.spool().directory())) {
                assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".part")).toList());
            }
        }
    }

    /** Sends the bytes, half-closes, reads the SCP's PDUs to EOF; returns the type of the last one (-1: none). */
    private static int runCase(int port, byte[] input) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            try {
                OutputStream out = s.getOutputStream();
                out.write(input);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // the SCP may abort and close before it has read everything
            }
            DataInputStream in = new DataInputStream(s.getInputStream());
            int last = -1;
            try {
                while (true) {
                    int type = in.read();
                    if (type < 0) {
                        return last;
                    }
                    in.readUnsignedByte();
                    int length = in.readInt();
                    assertTrue(length >= 0 && length < 1 << 20, "SCP sent a PDU of length " + length);
                    in.skipNBytes(length);
                    last = type;
                }
            } catch (EOFException e) {
                fail("the SCP's last PDU is truncated");
            } catch (java.net.SocketException e) {
                return last; // reset after the abort: the socket is closed all the same
            }
            return last;
        }
    }

    /** Valid conversations (RQ; RQ + C-ECHO; RQ + C-STORE), none of which releases. */
    private static List<byte[]> seeds() throws IOException {
        AAssociateRQAC rq = new AAssociateRQAC(true).calledAET("DMASK").callingAET("FUZZ").maxPduLength(16384)
                .asyncOpsWindow(1, 1).addRoleSelection(new RoleSelection(UID.CTImageStorage, true, false))
                .userIdentity(UserIdentity.usernamePasscode("u", "p", true));
        rq.addPresentationContext(PresentationContext.proposed(1, UID.VerificationSOPClass,
                List.of(UID.ImplicitVRLittleEndian)));
        rq.addPresentationContext(PresentationContext.proposed(3, UID.CTImageStorage,
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
        byte[] assoc = PduCodec.encode(rq);

        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        echo.writeBytes(assoc);
        try (PdvOutputStream cmd = new PdvOutputStream(echo, 1, true, 64)) {
            cmd.write(Dimse.encode(Dimse.cEchoRQ(1)));
        }

        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        StoreScu.Instance i = StoreScu.probe(ct);
        byte[] file = Files.readAllBytes(ct);
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        store.writeBytes(assoc);
        try (PdvOutputStream cmd = new PdvOutputStream(store, 3, true, 100)) {
            cmd.write(Dimse.encode(Dimse.cStoreRQ(1, i.cuid(), i.iuid(), 0, null, 0)));
        }
        try (PdvOutputStream data = new PdvOutputStream(store, 3, false, 4096)) {
            data.write(file, (int) i.datasetOffset(), file.length - (int) i.datasetOffset());
        }
        return List.of(assoc, echo.toByteArray(), store.toByteArray());
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(7)) {
            case 0 -> { // flip a few bytes, mostly near the front where the structure is
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    int at = r.nextBoolean() ? r.nextInt(Math.min(b.length, 400)) : r.nextInt(b.length);
                    b[at] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length)); // truncated
            case 2 -> { // a length field (PDU header or a 16-bit item length) set to something else
                int at = r.nextBoolean() ? 2 : 74 + r.nextInt(Math.min(200, b.length - 78));
                int v = r.nextInt(4) == 0 ? -1 : r.nextInt(1 << (8 * (1 + r.nextInt(3))));
                b[at] = (byte) (v >>> 24);
                b[at + 1] = (byte) (v >>> 16);
                b[at + 2] = (byte) (v >>> 8);
                b[at + 3] = (byte) v;
            }
            case 3 -> b[0] = (byte) r.nextInt(256); // another PDU type first
            case 4 -> { // random bytes inserted
                int at = r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(64)];
                r.nextBytes(junk);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                o.writeBytes(junk);
                o.write(b, at, b.length - at);
                b = o.toByteArray();
            }
            case 5 -> { // pure noise
                b = new byte[1 + r.nextInt(300)];
                r.nextBytes(b);
            }
            default -> { // a piece of the stream repeated
                int from = r.nextInt(b.length);
                int len = 1 + r.nextInt(Math.min(256, b.length - from));
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, from + len);
                o.write(b, from, len);
                o.write(b, from + len, b.length - from - len);
                b = o.toByteArray();
            }
        }
        return b;
    }

    /** The thread count once the SCP's idle workers have timed out (they live 2 s without work). */
    private static int settledThreads(int target) throws InterruptedException {
        for (int i = 0; i < 150 && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("dimse-association-") || t.getName().startsWith("dimse-reject-"));
                i++) {
            Thread.sleep(100);
        }
        int n = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int i = 0; i < 50 && n > target; i++) {
            Thread.sleep(100);
            n = ManagementFactory.getThreadMXBean().getThreadCount();
        }
        return n;
    }

    private static long settledFds(long target) throws IOException, InterruptedException {
        long n = fds();
        for (int i = 0; i < 100 && n > target; i++) {
            Thread.sleep(100);
            n = fds();
        }
        return n;
    }

    private static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
