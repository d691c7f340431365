package org.dmask.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.testing.Peers;

/** Shared pieces of the route tests: storescp targets, instance copies, waiting, reading results. */
final class RouteTestSupport {

    private RouteTestSupport() {
    }

    /** DCMTK storescp on a port, writing into {@code out}; extra args (e.g. +tls ...) before the port. */
    static Process storescp(int port, Path out, Path log, String... extra) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("+xa"));
        options.addAll(List.of(extra));
        return storescpWith(port, out, log, options);
    }

    /** DCMTK storescp with exactly these negotiation options (no +xa: it then takes uncompressed syntaxes only). */
    static Process storescpWith(int port, Path out, Path log, List<String> options)
            throws IOException, InterruptedException {
        Path storescp = Peers.require("storescp", "dcmtk");
        List<String> cmd = new ArrayList<>(List.of(storescp.toString(), "-aet", "DCMTK", "-od", out.toString(),
                "-fe", ".dcm"));
        cmd.addAll(options);
        cmd.add(Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        DimseDcmtkInteropTest.waitForPort(port);
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** {@code n} copies of a corpus file with new SOP Instance UIDs {@code 2.25.<prefix><k>}, same study and series. */
    static List<Path> copies(Path source, Path dir, int n, String prefix) throws IOException {
        Files.createDirectories(dir);
        Attributes ds;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(source)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        List<Path> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25." + prefix + String.format("%05d", k));
            Path f = dir.resolve(String.format("i%05d.dcm", k));
            try (OutputStream o = Files.newOutputStream(f)) {
                new DicomOutputStream(o).writeDicomFile(null, ds, ts);
            }
            out.add(f);
        }
        return out;
    }

    static void await(Duration limit, String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix))
                        .toList();
            } catch (IOException e) {
                return List.of();
            } catch (java.io.UncheckedIOException e) {
                // A file went while the walk listed the folder (the gateway at work): list again.
                if (attempt >= 100 || !(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    static Attributes read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ds.disposeBulkData();
            return ds;
        }
    }
}
