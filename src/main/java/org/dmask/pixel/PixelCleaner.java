package org.dmask.pixel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dmask.deid.MarkDeidentified;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.video.FrameSource;
import org.dmask.video.FrameSources;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.LosslessTranscoder;
import org.dmask.video.VideoEncapsulator;
import org.dmask.video.VideoException;
import org.dmask.video.VideoFormat;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;
import org.dmask.video.VideoTransferSyntax;

/**
 * The Clean Pixel Data Option: removes burned-in text from the pixels of one DICOM object. The rectangles of the
 * device's region templates are blanked on every frame; then the text OCR finds (each word box with a margin) is
 * blanked, over the frames where it stays ({@link TextTracker}). Blanked means black.
 *
 * <p>Native images (grey or colour, single or multi-frame) keep their samples and are written in Explicit VR Little
 * Endian; losslessly compressed ones are decoded first; other compressed images (JPEG Baseline ...) are decoded to
 * 8-bit RGB. Video (MPEG-4 / H.264) is decoded, cleaned and re-encoded to H.264 as the mask does. The record: Burned
 * In Annotation = NO, code 113101 and a De-identification Method line saying templates, OCR or both.
 *
 * <p>Fails closed: whatever stops the cleaning (no OCR language file, a frame that does not decode, a pixel format
 * it cannot clean) throws {@link PixelCleaningException} naming the object, and nothing is written.
 */
public final class PixelCleaner {

    public static final String METHOD_PREFIX = "DMASK CLEAN PIXEL DATA ";

    /**
     * @param traineddata where Tesseract's {@code eng.traineddata} is; asked once per object, may throw
     * @param ocr         read the text (off: templates only)
     * @param sampleEvery read every n-th frame of a multi-frame object or video (and every scene change)
     */
    public record Settings(TraineddataSource traineddata, RegionTemplates templates, boolean ocr, int sampleEvery,
            VideoSettings video) {

        public Settings {
            if (sampleEvery < 1) {
                throw new IllegalArgumentException("sample-every must be at least 1, not " + sampleEvery);
            }
        }
    }

    /** Finds the language file (installing it when it is missing); throws with the reason when it cannot. */
    @FunctionalInterface
    public interface TraineddataSource {
        Path get() throws Exception;
    }

    /**
     * What was done to one object ({@code method} null: it had no pixel data, and was passed on unchanged).
     *
     * @param blanked per frame, the regions blanked in it
     */
    public record Result(long frames, int framesRead, int boxes, List<String> templates, boolean ocr,
            long pixelsBlanked, String method, List<List<Region>> blanked) {
    }

    private final Settings settings;

    public PixelCleaner(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * For the start-up check: finds the language file (the registry may install it) and starts Tesseract with it
     * once; returns what runs, or throws the reason.
     */
    public String checkOcr() throws PixelCleaningException {
        if (!settings.ocr()) {
            return "OCR off (dmask.deid.pixel-ocr=false): " + settings.templates().templates().size()
                    + " region template(s)";
        }
        TextDetector d = openDetector();
        giveBack(d);
        return "Tesseract with " + d.traineddata() + ", " + settings.templates().templates().size()
                + " region template(s)";
    }

    /** Cleans {@code in} into {@code out}, complete or not at all; templates are matched on {@code in} itself. */
    public Result clean(Path in, Path out) throws PixelCleaningException, IOException {
        return clean(in, out, null);
    }

    /**
     * Cleans {@code in} into {@code out}, complete or not at all.
     *
     * @param device the attributes region templates are matched on, read from the object as received (de-identification
     *               may have removed Manufacturer's Model Name and Station Name from {@code in}); null: {@code in}'s
     */
    public Result clean(Path in, Path out, Attributes device) throws PixelCleaningException, IOException {
        Attributes ds;
        String tsuid;
        try (DicomInputStream dis = new DicomInputStream(in)) {
            dis.readFileMetaInformation();
            ds = dis.readDataset();
            tsuid = dis.transferSyntax().uid();
        } catch (IOException e) {
            throw new PixelCleaningException("cannot clean the pixel data of " + in.getFileName() + ": not readable"
                    + " as DICOM: " + e.getMessage(), e);
        }
        String object = describe(ds);
        if (ds.getValue(Tag.PixelData) == null) {
            ds.disposeBulkData();
            copy(in, out); // no pixels, nothing burned in: the object goes as it is, its record unchanged
            return new Result(0, 0, 0, List.of(), false, 0, null, List.of());
        }
        try {
            return cleanDataset(in, ds, tsuid, out, device != null ? device : ds);
        } catch (PixelCleaningException e) {
            throw new PixelCleaningException("cannot clean the pixel data of " + object + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new PixelCleaningException("cannot clean the pixel data of " + object + ": " + e, e);
        } finally {
            ds.disposeBulkData();
        }
    }

    private Result cleanDataset(Path in, Attributes ds, String tsuid, Path out, Attributes device)
            throws PixelCleaningException, IOException {
        List<RegionTemplates.Template> templates = settings.templates().matching(device);
        if (!settings.ocr() && templates.isEmpty()) {
            throw new PixelCleaningException("OCR is off and no region template matches its device (Manufacturer '"
                    + device.getString(Tag.Manufacturer, "") + "', Manufacturer's Model Name '"
                    + device.getString(Tag.ManufacturerModelName, "") + "', " + device.getInt(Tag.Columns, 0) + "x"
                    + device.getInt(Tag.Rows, 0) + ")");
        }
        TextDetector detector = settings.ocr() ? openDetector() : null;
        try {
            TransferSyntax ts = TransferSyntax.of(tsuid);
            if (VideoTransferSyntax.of(tsuid) != null) {
                return video(ds, tsuid, templates, detector, out);
            }
            if (!ts.encapsulated()) {
                if (ts.bigEndian()) {
                    throw new PixelCleaningException("pixel data in " + ts.name() + " cannot be cleaned");
                }
                return nativeImage(ds, templates, detector, out);
            }
            if (LosslessTranscoder.DECODES.contains(tsuid)) {
                Path decoded = Files.createTempFile(out.toAbsolutePath().getParent(), ".clean-", ".dcm");
                try {
                    LosslessTranscoder.toExplicitVRLittleEndian(in, decoded);
                    Attributes native_;
                    try (DicomInputStream dis = new DicomInputStream(decoded)) {
                        dis.readFileMetaInformation();
                        native_ = dis.readDataset();
                    }
                    try {
                        return nativeImage(native_, templates, detector, out);
                    } finally {
                        native_.disposeBulkData();
                    }
                } finally {
                    Files.deleteIfExists(decoded);
                }
            }
            return decodedToRgb(ds, tsuid, templates, detector, out);
        } finally {
            if (detector != null) {
                giveBack(detector);
            }
        }
    }

    /** Started Tesseract instances, each used by one object at a time (starting one takes a noticeable moment). */
    private final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.ConcurrentLinkedDeque<TextDetector>>
            idle = new java.util.concurrent.ConcurrentHashMap<>();
    /** At most this many idle instances are kept per language file (the gateway's delivery workers). */
    private static final int MAX_IDLE = 4;

    private void giveBack(TextDetector d) {
        var pool = idle.computeIfAbsent(d.traineddata(), k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        if (pool.size() < MAX_IDLE) {
            pool.push(d);
        } else {
            d.close();
        }
    }

    private TextDetector openDetector() throws PixelCleaningException {
        Path file;
        try {
            file = settings.traineddata().get();
        } catch (Exception e) {
            throw new PixelCleaningException("OCR cannot run: " + (e.getMessage() != null ? e.getMessage() : e), e);
        }
        var pool = idle.get(file);
        TextDetector reused = pool == null ? null : pool.poll();
        if (reused != null) {
            if (Files.isRegularFile(file)) {
                return reused;
            }
            reused.close(); // the file went away: fail as a fresh start would
        }
        return new TextDetector(file);
    }

    // ---- native images ----

    private Result nativeImage(Attributes ds, List<RegionTemplates.Template> templates, TextDetector detector,
            Path out) throws PixelCleaningException, IOException {
        Object value = ds.getValue(Tag.PixelData);
        byte[] pixels = value instanceof byte[] b ? b.clone()
                : value instanceof BulkData bd ? readAll(bd) : null;
        if (pixels == null) {
            throw new PixelCleaningException("Pixel Data is not native pixel data");
        }
        NativeImage img = NativeImage.of(ds, pixels);
        TextTracker tracker = detector == null ? null
                : new TextTracker(new TextFinder(detector), img.columns, img.rows, settings.sampleEvery());
        if (tracker != null) {
            for (int f = 0; f < img.frames; f++) {
                tracker.observe(f, img.grey(f));
            }
            tracker.endObserving();
        }
        long blanked = 0;
        List<List<Region>> perFrame = new ArrayList<>();
        for (int f = 0; f < img.frames; f++) {
            List<Region> regions = regionsAt(f, tracker == null ? null : img.grey(f), tracker, templates,
                    img.columns, img.rows);
            for (Region r : regions) {
                img.blank(f, r);
            }
            blanked += area(regions, img.columns, img.rows);
            perFrame.add(regions);
        }
        String method = record(ds, templates, detector != null);
        ds.setBytes(Tag.PixelData, img.bytesPerSample == 2 ? VR.OW : VR.OB, pixels);
        write(ds, UID.ExplicitVRLittleEndian, out);
        return result(img.frames, tracker, templates, detector != null, blanked, method, perFrame);
    }

    private static byte[] readAll(BulkData bd) throws IOException, PixelCleaningException {
        if (bd.length() > Integer.MAX_VALUE - 16) {
            throw new PixelCleaningException("native Pixel Data of " + bd.length() + " bytes is too large to clean"
                    + " in memory (2 GiB at most)");
        }
        return bd.toBytes();
    }

    // ---- compressed images other than lossless: decoded to 8-bit RGB ----

    private Result decodedToRgb(Attributes ds, String tsuid, List<RegionTemplates.Template> templates,
            TextDetector detector, Path out) throws PixelCleaningException, IOException {
        List<byte[]> frames = new ArrayList<>();
        VideoFormat format;
        try (FrameSource source = FrameSources.open(ds, tsuid)) {
            format = source.format();
            VideoFrame frame = source.newFrame();
            while (source.read(frame)) {
                frames.add(frame.bgr().clone());
            }
        } catch (VideoException e) {
            throw new PixelCleaningException("its " + TransferSyntax.of(tsuid).name() + " pixel data cannot be"
                    + " decoded: " + e.getMessage(), e);
        }
        int w = format.width();
        int h = format.height();
        byte[] rgb = new byte[Math.multiplyExact(frames.size(), w * h * 3)];
        for (int f = 0; f < frames.size(); f++) {
            byte[] bgr = frames.get(f);
            int base = f * w * h * 3;
            for (int i = 0; i < w * h; i++) {
                rgb[base + 3 * i] = bgr[3 * i + 2];
                rgb[base + 3 * i + 1] = bgr[3 * i + 1];
                rgb[base + 3 * i + 2] = bgr[3 * i];
            }
        }
        ds.setInt(Tag.SamplesPerPixel, VR.US, 3);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "RGB");
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        if (ds.contains(Tag.NumberOfFrames) || frames.size() > 1) {
            ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames.size()));
        }
        ds.setBytes(Tag.PixelData, VR.OB, rgb);
        return nativeImage(ds, templates, detector, out);
    }

    // ---- video ----

    private Result video(Attributes ds, String tsuid, List<RegionTemplates.Template> templates, TextDetector detector,
            Path out) throws PixelCleaningException, IOException {
        TextTracker tracker = null;
        VideoFormat format;
        try (FrameSource source = FrameSources.open(ds, tsuid)) {
            format = source.format();
            if (detector != null) {
                tracker = new TextTracker(new TextFinder(detector), format.width(), format.height(),
                        settings.sampleEvery());
                VideoFrame frame = source.newFrame();
                while (source.read(frame)) {
                    tracker.observe(frame.index(), grey(frame));
                }
                tracker.endObserving();
            }
        }
        long frames = 0;
        long blanked = 0;
        List<List<Region>> perFrame = new ArrayList<>();
        String method = record(ds, templates, detector != null);
        try (FrameSource source = FrameSources.open(ds, tsuid);
                H264Mp4Sink sink = H264Mp4Sink.create(format, settings.video(), null)) {
            try {
                VideoFrame frame = source.newFrame();
                while (source.read(frame)) {
                    List<Region> regions = regionsAt(frame.index(), tracker == null ? null : grey(frame), tracker,
                            templates, frame.width(), frame.height());
                    for (Region r : regions) {
                        blankBgr(frame, r);
                    }
                    blanked += area(regions, frame.width(), frame.height());
                    perFrame.add(regions);
                    sink.write(frame);
                    frames++;
                }
                sink.finish();
                VideoEncapsulator.Encapsulated enc = new VideoEncapsulator().encapsulate(ds, sink.file(),
                        format.frameRate(), false);
                if (enc.frames() != frames) {
                    throw new VideoException("the encoder wrote " + enc.frames() + " samples for " + frames + " frames");
                }
                write(enc.dataset(), enc.transferSyntaxUID(), out);
            } finally {
                Files.deleteIfExists(sink.file());
            }
        }
        return result(frames, tracker, templates, detector != null, blanked, method, perFrame);
    }

    /** BGR to grey, the weights of BT.601 luma. */
    static byte[] grey(VideoFrame frame) {
        byte[] bgr = frame.bgr();
        byte[] g = new byte[frame.width() * frame.height()];
        for (int i = 0; i < g.length; i++) {
            int b = bgr[3 * i] & 0xff;
            int gg = bgr[3 * i + 1] & 0xff;
            int r = bgr[3 * i + 2] & 0xff;
            g[i] = (byte) ((29 * b + 150 * gg + 77 * r + 128) >> 8);
        }
        return g;
    }

    static void blankBgr(VideoFrame frame, Region r) {
        byte[] bgr = frame.bgr();
        int w = frame.width();
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            java.util.Arrays.fill(bgr, 3 * (y * w + r.x()), 3 * (y * w + r.x() + r.width()), (byte) 0);
        }
    }

    // ---- common ----

    private static List<Region> regionsAt(long frame, byte[] grey, TextTracker tracker,
            List<RegionTemplates.Template> templates, int width, int height) {
        List<Region> regions = new ArrayList<>();
        for (RegionTemplates.Template t : templates) {
            for (Region r : t.regions()) {
                regions.add(r.clipped(width, height));
            }
        }
        if (tracker != null) {
            regions.addAll(tracker.regionsAt(frame, grey));
        }
        return regions;
    }

    /** Pixels covered by the regions (overlaps counted once). */
    private static long area(List<Region> regions, int width, int height) {
        if (regions.isEmpty()) {
            return 0;
        }
        boolean[] covered = new boolean[width * height];
        long n = 0;
        for (Region r : regions) {
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    int i = y * width + x;
                    if (!covered[i]) {
                        covered[i] = true;
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Burned In Annotation, 113101 and the method line; returns the method line. */
    private static String record(Attributes ds, List<RegionTemplates.Template> templates, boolean ocr) {
        Set<String> names = new LinkedHashSet<>();
        templates.forEach(t -> names.add(t.name()));
        String how = !templates.isEmpty() && ocr ? "TEMPLATES+OCR" : ocr ? "OCR" : "TEMPLATES";
        String method = METHOD_PREFIX + how;
        MarkDeidentified.recordCleanedText(ds, method);
        return method;
    }

    private static Result result(long frames, TextTracker tracker, List<RegionTemplates.Template> templates,
            boolean ocr, long blanked, String method, List<List<Region>> perFrame) {
        return new Result(frames, tracker == null ? 0 : tracker.framesRead(), tracker == null ? 0 : tracker.boxes(),
                templates.stream().map(RegionTemplates.Template::name).toList(), ocr, blanked, method,
                List.copyOf(perFrame));
    }

    private static void write(Attributes ds, String tsuid, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, "." + out.getFileName() + ".", ".partial");
        try {
            try (OutputStream os = Files.newOutputStream(partial);
                    DicomOutputStream dos = new DicomOutputStream(os)) {
                Attributes fmi = DicomOutputStream.createFileMetaInformation(ds.getString(Tag.SOPClassUID),
                        ds.getString(Tag.SOPInstanceUID), tsuid);
                dos.writeDicomFile(fmi, ds, TransferSyntax.of(tsuid));
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void copy(Path in, Path out) throws IOException {
        Path partial = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".", ".partial");
        try {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The attributes templates match on, read from a file (its pixel data is not read). */
    public static Attributes deviceOf(Path file) throws IOException {
        try (DicomInputStream dis = new DicomInputStream(file)) {
            dis.readFileMetaInformation();
            Attributes ds = dis.readDataset();
            try {
                Attributes device = new Attributes();
                for (int tag : new int[] {Tag.Manufacturer, Tag.ManufacturerModelName, Tag.StationName,
                        Tag.SOPClassUID, Tag.Rows, Tag.Columns}) {
                    if (ds.contains(tag)) {
                        device.setValue(tag, ds.getVR(tag), ds.getValue(tag));
                    }
                }
                return device;
            } finally {
                ds.disposeBulkData();
            }
        }
    }

    /** The object as the reason names it: its (already pseudonymous) SOP Instance UID and its SOP Class. */
    static String describe(Attributes ds) {
        String sop = ds.getString(Tag.SOPClassUID, "?").strip();
        String name = UID.nameOf(sop);
        return "object " + ds.getString(Tag.SOPInstanceUID, "?").strip() + " (" + (name.isEmpty() ? sop : name) + ")";
    }
}
