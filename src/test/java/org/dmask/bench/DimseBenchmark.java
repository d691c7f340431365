package org.dmask.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.StoreScp;

/**
 * C-STORE receive throughput of our SCP against DCMTK's storescp, from one run, the sender being DCMTK's storescu
 * both times (TCP_NODELAY=1, one association): N small instances (CT_small with new SOP Instance UIDs), then one
 * 1 GiB Video Photographic object. A benchmark, not a test: run it with {@code tools/bench/bench-dimse.sh}.
 *
 * <p>usage: {@code DimseBenchmark [--instances N] [--video-mib M] CT_FILE WORK_DIR}
 */
public final class DimseBenchmark {

    public static void main(String[] args) throws Exception {
        int instances = 1000;
        int videoMiB = 1024;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--video-mib" -> videoMiB = Integer.parseInt(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        Path ct = Path.of(rest.get(0));
        Path work = Path.of(rest.get(1)).toAbsolutePath();
        delete(work);
        Path small = Files.createDirectories(work.resolve("small"));
        Path warm = Files.createDirectories(work.resolve("warmup"));
        makeInstances(ct, small, instances, "2.25.7001");
        makeInstances(ct, warm, 100, "2.25.7002");
        Path videoDir = Files.createDirectories(work.resolve("video"));
        Path video = videoDir.resolve("video.dcm");
        makeVideo(video, videoMiB);
        Path cfg = writeConfig(work.resolve("storescu.cfg"));

        try (StoreScp scp = new StoreScp(ScpSettings.localDefaults("DMASK", 0, work.resolve("dmask-spool"))).start()) {
            send(scp.port(), "DMASK", cfg, warm); // JIT warm-up, not counted
            double oursSmall = send(scp.port(), "DMASK", cfg, small);
            double oursVideo = send(scp.port(), "DMASK", cfg, videoDir);
            int port = freePort();
            Path out = Files.createDirectories(work.resolve("storescp-out"));
            ProcessBuilder pb = new ProcessBuilder("storescp", "-aet", "DCMTK", "+xa", "-od", out.toString(),
                    "-fe", ".dcm", Integer.toString(port)).redirectErrorStream(true)
                    .redirectOutput(work.resolve("storescp.log").toFile());
            pb.environment().put("TCP_NODELAY", "1");
            Process storescp = pb.start();
            try {
                waitForPort(port);
                double theirsSmall = send(port, "DCMTK", cfg, small);
                delete(out);
                Files.createDirectories(out);
                double theirsVideo = send(port, "DCMTK", cfg, videoDir);
                System.out.printf(Locale.ROOT, "small instances: %d x %d bytes%n", instances,
                        Files.size(small.resolve("i00000.dcm")));
                System.out.printf(Locale.ROOT, "  dmask SCP:     %.3f s  %.0f instances/s%n", oursSmall,
                        instances / oursSmall);
                System.out.printf(Locale.ROOT, "  DCMTK storescp: %.3f s  %.0f instances/s%n", theirsSmall,
                        instances / theirsSmall);
                System.out.printf(Locale.ROOT, "  ratio dmask/storescp (instances/s): %.2f%n", theirsSmall / oursSmall);
                double mib = Files.size(video) / 1048576.0;
                System.out.printf(Locale.ROOT, "video: %.0f MiB%n", mib);
                System.out.printf(Locale.ROOT, "  dmask SCP:     %.3f s  %.0f MiB/s%n", oursVideo, mib / oursVideo);
                System.out.printf(Locale.ROOT, "  DCMTK storescp: %.3f s  %.0f MiB/s%n", theirsVideo, mib / theirsVideo);
                System.out.printf(Locale.ROOT, "  ratio dmask/storescp (MiB/s): %.2f%n", theirsVideo / oursVideo);
            } finally {
                storescp.destroy();
                storescp.waitFor();
            }
        } finally {
            delete(work);
        }
    }

    /** Runs storescu over a directory on one association; returns seconds; fails unless every store succeeded. */
    static double send(int port, String aet, Path cfg, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("storescu", "-aec", aet, "+sd", "-xf", cfg.toString(), "Default",
                "127.0.0.1", Integer.toString(port), dir.toString()).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("storescu to " + aet + " failed: " + output);
        }
        return s;
    }

    static Path writeConfig(Path f) throws IOException {
        Files.writeString(f, """
                [[TransferSyntaxes]]
                [Native]
                TransferSyntax1 = 1.2.840.10008.1.2.1
                [Video]
                TransferSyntax1 = 1.2.840.10008.1.2.4.102
                [[PresentationContexts]]
                [Contexts]
                PresentationContext1 = 1.2.840.10008.5.1.4.1.1.2\\Native
                PresentationContext2 = 1.2.840.10008.5.1.4.1.1.77.1.4.1\\Video
                [[Profiles]]
                [Default]
                PresentationContexts = Contexts
                """);
        return f;
    }

    static void makeInstances(Path ct, Path dir, int n, String prefix) throws IOException {
        Attributes ds;
        try (DicomInputStream in = new DicomInputStream(ct)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
        }
        for (int k = 0; k < n; k++) {
            ds.setString(Tag.SOPInstanceUID, VR.UI, prefix + String.format("%05d", k));
            try (OutputStream out = Files.newOutputStream(dir.resolve(String.format("i%05d.dcm", k)))) {
                new DicomOutputStream(out).writeDicomFile(null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
        }
    }

    private static void makeVideo(Path file, int mib) throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.VideoPhotographicImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.70031");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.70032");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.70033");
        ds.setString(Tag.Modality, VR.CS, "XC");
        ds.setString(Tag.NumberOfFrames, VR.IS, "1");
        int fragment = 16 * 1024 * 1024;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            DicomOutputStream dos = new DicomOutputStream(out);
            dos.writeDicomFile(null, ds, TransferSyntax.of(UID.MPEG4HP41));
            dos.flush();
            ByteBuffer h = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            h.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                    .putInt(-1).putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
            out.write(h.array());
            byte[] chunk = new byte[fragment];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + (i >>> 16));
            }
            ByteBuffer item = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < mib / 16; f++) {
                item.clear();
                item.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(fragment);
                out.write(item.array());
                out.write(chunk);
            }
            item.clear();
            item.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
            out.write(item.array());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("storescp does not listen on " + port);
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
