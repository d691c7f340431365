package org.dmask.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dmask.admin.ops.AdminAudit;
import org.dmask.admin.ops.DeadLetterOps;
import org.dmask.deid.DeidService;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.mask.MaskMode;
import org.dmask.mask.VideoMasker;
import org.dmask.route.Gateway;
import org.dmask.route.GatewayService;
import org.dmask.route.rules.Rule;
import org.dmask.route.rules.RuleSet;
import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.ObjectHeader;
import org.dmask.route.spool.VideoSopClasses;
import org.dmask.video.FrameSource;
import org.dmask.video.FrameSources;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.VideoConfig;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;

/**
 * The before/after preview: an uploaded DICOM video, de-identified and masked as the service would (the profile and
 * mask mode of the rule that takes it, the real {@link VideoMasker}), then a few frames of the original and of the
 * masked result as PNG, and the masked clip as an MP4 a browser plays.
 *
 * <p>The original never outlives the request: the upload, its de-identified copy and the masked object live in one
 * owner-only folder that is deleted in {@code finally}, whatever happened. Only derived bytes leave: the PNGs and the
 * masked MP4. One preview runs at a time (the mask is heavy); a second one is told to wait.
 */
@ApplicationScoped
public class PreviewService {

    /** What the operator sees. */
    public record Preview(String rule, MaskMode mode, String profile, int frames, int width, int height,
            List<FramePair> shown, byte[] maskedMp4, String recognizableVisualFeatures, String method, long millis) {
    }

    /** One frame before and after, as PNG. */
    public record FramePair(int index, byte[] original, byte[] masked) {
    }

    /** A preview that cannot be made, with the one line that says why and what to do. */
    public static final class PreviewException extends Exception {
        private final boolean busy;

        PreviewException(String message) {
            this(message, false);
        }

        PreviewException(String message, boolean busy) {
            super(message);
            this.busy = busy;
        }

        /** True when another preview is running (try again later), not a problem of this upload. */
        public boolean busy() {
            return busy;
        }
    }

    @Inject
    ConsoleConfig config;
    @Inject
    GatewayService gateways;
    @Inject
    DeidService deid;
    @Inject
    VideoConfig video;
    @Inject
    Instance<VideoMasker> maskers;
    @Inject
    DeadLetterOps deadLetters;
    @Inject
    AdminAudit audit;

    private final Semaphore oneAtATime = new Semaphore(1);

    /** The folder for a preview's files: under dmask.console.preview.temp-directory or the system's, owner-only. */
    Path newWorkFolder() throws IOException {
        Path base = config.preview().tempDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "dmask-preview-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Masks the upload and returns the preview. The upload is moved into the preview's folder, so it is gone when
     * this returns or throws. Audited as the user's {@code preview} of an upload.
     *
     * @param upload the uploaded file (moved, then deleted)
     * @param override full or face to preview that mode whatever the rules say; null: the matching rule's mode
     * @param callingAET the calling AE title to match rules as if the object came over DIMSE; may be null
     */
    public Preview preview(String user, Path upload, MaskMode override, String callingAET)
            throws PreviewException, IOException {
        try {
            return run(user, "upload", original -> Files.move(upload, original), override, callingAET);
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /**
     * Masks a dead-lettered video, decrypted into the preview's folder for this request only: what an operator
     * checks before retrying it. Matched as it arrived (its calling AE title) unless {@code callingAET} is given.
     */
    public Preview previewDeadLetter(String user, String name, MaskMode override, String callingAET)
            throws PreviewException, IOException {
        DeadLetterOps.DeadLetterView d;
        try {
            d = deadLetters.get(name);
        } catch (java.util.NoSuchElementException e) {
            throw new PreviewException(e.getMessage());
        }
        String aet = callingAET != null && !callingAET.isBlank() ? callingAET
                : d.reasons().stream().map(r -> r.get("calling-aet")).filter(a -> a != null && !a.equals("null"))
                        .findFirst().orElse(null);
        Gateway g = gateways.gateway();
        if (g == null) {
            throw new PreviewException("the gateway is not running; start it (dmask serve)");
        }
        return run(user, "dead letter " + name, original -> g.deadLetters().copyOut(name, original), override, aet);
    }

    /** The dead letters that hold a video (by the SOP class their reasons record), newest first. */
    public List<DeadLetterOps.DeadLetterView> videoDeadLetters() {
        try {
            return deadLetters.list(null, null).stream().filter(d -> d.reasons().stream()
                    .anyMatch(r -> VideoSopClasses.VIDEO.contains(r.get("sop-class")))).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Puts the original into the preview's folder. */
    @FunctionalInterface
    private interface Source {
        void into(Path original) throws IOException;
    }

    /** One preview at a time, in its own folder, deleted whatever happens; audited with its outcome. */
    private Preview run(String user, String what, Source source, MaskMode override, String callingAET)
            throws PreviewException, IOException {
        if (!oneAtATime.tryAcquire()) {
            throw new PreviewException("another preview is being made; try again when it is done", true);
        }
        Path dir = null;
        try {
            dir = newWorkFolder();
            Path original = dir.resolve("original.dcm");
            source.into(original);
            Preview p = make(dir, original, override, callingAET);
            audit.record(user, "preview", what, true, "mode " + p.mode().configName() + (p.rule() == null ? ""
                    : ", rule " + p.rule()) + ", " + p.frames() + " frames");
            return p;
        } catch (PreviewException | IOException | RuntimeException e) {
            audit.record(user, "preview", what, false, e.getMessage());
            throw e;
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
            oneAtATime.release();
        }
    }

    private Preview make(Path dir, Path original, MaskMode override, String callingAET)
            throws PreviewException, IOException {
        long start = System.nanoTime();
        ObjectHeader header;
        try {
            header = ObjectHeader.read(original);
        } catch (IOException e) {
            throw new PreviewException("the upload is not a readable DICOM file: " + e.getMessage());
        }
        if (!VideoSopClasses.isVideo(header.sopClassUID(), header.transferSyntaxUID())) {
            throw new PreviewException("the upload is not a DICOM video (SOP class " + header.sopClassUID()
                    + ", transfer syntax " + header.transferSyntaxUID() + "); the preview masks video objects only");
        }
        String frameCount = header.value(Tag.NumberOfFrames);
        int frames;
        try {
            frames = frameCount == null ? 0 : Integer.parseInt(frameCount.trim());
        } catch (NumberFormatException e) {
            throw new PreviewException("Number of Frames (0028,0008) is not a number: '" + frameCount + "'");
        }
        int max = config.preview().maxFrames();
        if (frames > max) {
            throw new PreviewException("the clip has " + frames + " frames, the preview masks at most " + max
                    + " (dmask.console.preview.max-frames); upload a shorter clip");
        }
        Gateway gateway = gateways.gateway();
        if (gateway == null) {
            throw new PreviewException("the gateway is not running, so no rule can be matched; start it (dmask serve)");
        }
        RuleSet rules = gateway.rules().get();
        Arrival arrival = new Arrival(original, blankToNull(callingAET), null, null, "preview");
        Rule rule = rules.select(arrival, header).stream()
                .filter(r -> r.mask() != null && r.mask() != MaskMode.OFF).findFirst().orElse(null);
        MaskMode mode = override != null ? override : rule == null ? null : rule.mask();
        if (mode == null || mode == MaskMode.OFF) {
            throw new PreviewException("no rule masks this object" + (callingAET == null || callingAET.isBlank()
                    ? " (no calling AE title given)" : " from " + callingAET.trim())
                    + "; pick the mode full or face to preview the mask anyway");
        }
        VideoMasker masker = maskers.isResolvable() ? maskers.get() : null;
        if (masker == null) {
            throw new PreviewException("no digital mask in this build; masked rules dead-letter their videos");
        }
        String profile = rule == null ? null : rule.profile();
        Path input = original;
        if (profile != null) {
            input = dir.resolve("deidentified.dcm");
            deid.deidentifier(profile).deidentifyFile(original, input);
        }
        Path masked = dir.resolve("masked.dcm");
        try {
            masker.mask(input, masked, mode);
        } catch (VideoMasker.MaskException e) {
            throw new PreviewException("the video cannot be masked: " + e.getMessage());
        }
        VideoSettings v = video.settings();
        VideoSettings here = new VideoSettings(v.encoder(), v.crf(), v.x264Preset(), v.openh264BitsPerPixel(), false,
                v.workers(), v.queueCapacity(), dir);
        Attributes maskedDs;
        byte[] mp4;
        List<FramePair> shown = new ArrayList<>();
        try (DicomInputStream in = new DicomInputStream(masked,
                DicomInputStream.Options.defaults().withSpoolDirectory(dir))) {
            in.readFileMetaInformation();
            maskedDs = in.readDataset();
            String ts = in.transferSyntax().uid();
            try (FrameSource source = FrameSources.open(maskedDs, ts);
                    H264Mp4Sink sink = H264Mp4Sink.create(source.format(), here, null)) {
                frames = (int) source.format().frameCount();
                List<Integer> picks = picks(frames, config.preview().frames());
                List<byte[]> after = new ArrayList<>();
                VideoFrame f = source.newFrame();
                int i = 0;
                while (source.read(f)) {
                    sink.write(f);
                    if (picks.contains(i)) {
                        after.add(png(f));
                    }
                    i++;
                }
                sink.finish();
                mp4 = Files.readAllBytes(sink.file());
                List<byte[]> before = originalFrames(original, dir, picks);
                for (int k = 0; k < picks.size() && k < after.size() && k < before.size(); k++) {
                    shown.add(new FramePair(picks.get(k), before.get(k), after.get(k)));
                }
                return new Preview(rule == null ? null : rule.name(), mode, profile, frames,
                        source.format().width(), source.format().height(), shown, mp4,
                        maskedDs.getString(Tag.RecognizableVisualFeatures),
                        maskedDs.getStrings(Tag.DeidentificationMethod) == null ? null
                                : String.join("; ", maskedDs.getStrings(Tag.DeidentificationMethod)),
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /** The original's frames at {@code picks}, as PNG. */
    private static List<byte[]> originalFrames(Path original, Path dir, List<Integer> picks) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (DicomInputStream in = new DicomInputStream(original,
                DicomInputStream.Options.defaults().withSpoolDirectory(dir))) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            try (FrameSource source = FrameSources.open(ds, in.transferSyntax().uid())) {
                VideoFrame f = source.newFrame();
                int i = 0;
                int last = picks.isEmpty() ? -1 : picks.get(picks.size() - 1);
                while (i <= last && source.read(f)) {
                    if (picks.contains(i)) {
                        out.add(png(f));
                    }
                    i++;
                }
            }
        }
        return out;
    }

    /** {@code k} frame indices spread evenly from the first to the last of {@code n}. */
    static List<Integer> picks(int n, int k) {
        List<Integer> out = new ArrayList<>();
        if (n <= 0 || k <= 0) {
            return out;
        }
        if (k == 1 || n == 1) {
            out.add(0);
            return out;
        }
        for (int i = 0; i < Math.min(k, n); i++) {
            int idx = (int) Math.round(i * (n - 1) / (double) (Math.min(k, n) - 1));
            if (!out.contains(idx)) {
                out.add(idx);
            }
        }
        return out;
    }

    static byte[] png(VideoFrame f) throws IOException {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(f.bgr(), 0, target, 0, target.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Deletes the folder and everything in it; what cannot be deleted is an error, never silently left. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the preview's folder " + dir + " could not be deleted", e);
        }
    }
}
