package org.dmask.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;

/**
 * Header de-identification throughput on one thread: ours (Basic Profile) against PixelMed's
 * ClinicalTrialsAttributes (the Debian libpixelmed-java jar, loaded by reflection so that it stays out of the
 * build), in the same JVM and run. Each instance: parse the file from memory (pixel data not loaded: ours refers to
 * large values, PixelMed stops reading at Pixel Data), then de-identify the header (PixelMed: private attributes
 * removed, removeOrNullIdentifyingAttributes with UIDs remapped and nothing kept). A benchmark, not a test: run it
 * with {@code tools/bench/bench-deid.sh}.
 *
 * <p>usage: {@code DeidBenchmark [--reps N] CORPUS_DIR}
 */
public final class DeidBenchmark {

    public static void main(String[] args) throws Exception {
        int reps = 20;
        Path corpus = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--reps")) {
                reps = Integer.parseInt(args[++i]);
            } else {
                corpus = Path.of(args[i]);
            }
        }
        if (corpus == null || !Files.isDirectory(corpus)) {
            System.err.println("usage: DeidBenchmark [--reps N] CORPUS_DIR");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Deidentifier deid = new Deidentifier(Profile.basic(), new Pseudonymizer("benchmark-key-0123456789abcdef"));
        Pixelmed pixelmed = Pixelmed.load();

        // Only instances both sides de-identify count, so both do the same work.
        List<byte[]> inputs = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            try {
                ours(deid, b);
                if (pixelmed != null) {
                    pixelmed.deidentify(b);
                }
                inputs.add(b);
            } catch (Exception e) {
                System.out.println("skipped (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "): "
                        + f.getFileName());
            }
        }
        System.out.println("instances: " + inputs.size() + " of " + files.size() + ", reps " + reps);
        for (int w = 0; w < 5; w++) {
            for (byte[] b : inputs) {
                ours(deid, b);
                if (pixelmed != null) {
                    pixelmed.deidentify(b);
                }
            }
        }
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            for (byte[] b : inputs) {
                ours(deid, b);
            }
        }
        double oursS = (System.nanoTime() - t0) / 1e9;
        double oursRate = reps * inputs.size() / oursS;
        System.out.printf(Locale.ROOT, "dmask basic profile:            %.3f s, %.0f instances/s%n", oursS, oursRate);
        if (pixelmed != null) {
            t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (byte[] b : inputs) {
                    pixelmed.deidentify(b);
                }
            }
            double pmS = (System.nanoTime() - t0) / 1e9;
            double pmRate = reps * inputs.size() / pmS;
            System.out.printf(Locale.ROOT, "PixelMed ClinicalTrialsAttributes: %.3f s, %.0f instances/s%n", pmS, pmRate);
            System.out.printf(Locale.ROOT, "ratio ours / PixelMed: %.2f%n", oursRate / pmRate);
        } else {
            System.out.println("PixelMed not on the class path: no comparison");
        }
    }

    private static void ours(Deidentifier deid, byte[] file) throws Exception {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(file),
                DicomInputStream.Options.defaults())) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            deid.deidentify(ds);
            ds.disposeBulkData();
        }
    }

    /** PixelMed by reflection. */
    private record Pixelmed(Class<?> listClass, Class<?> dinClass, Object pixelDataTag, Method read,
            Method removePrivate, Method deidentify) {

        static Pixelmed load() {
            try {
                Class<?> list = Class.forName("com.pixelmed.dicom.AttributeList");
                Class<?> din = Class.forName("com.pixelmed.dicom.DicomInputStream");
                Class<?> tag = Class.forName("com.pixelmed.dicom.AttributeTag");
                Object pixelData = Class.forName("com.pixelmed.dicom.TagFromName").getField("PixelData").get(null);
                Method read = list.getMethod("read", din, tag);
                Method removePrivate = list.getMethod("removeUnsafePrivateAttributes");
                Method deid = Class.forName("com.pixelmed.dicom.ClinicalTrialsAttributes").getMethod(
                        "removeOrNullIdentifyingAttributes", list, int.class, boolean.class, boolean.class,
                        boolean.class, boolean.class, boolean.class);
                return new Pixelmed(list, din, pixelData, read, removePrivate, deid);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        void deidentify(byte[] file) throws Exception {
            Object list = listClass.getConstructor().newInstance();
            Object din = dinClass.getConstructor(InputStream.class).newInstance(new ByteArrayInputStream(file));
            read.invoke(list, din, pixelDataTag);
            removePrivate.invoke(list);
            deidentify.invoke(null, list, 2 /* HandleUIDs.remap */, false, false, false, false, false);
        }
    }
}
