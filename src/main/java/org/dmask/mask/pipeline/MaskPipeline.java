package org.dmask.mask.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FaceCensus;
import org.dmask.face.SceneCutDetector;
import org.dmask.mask.ClipMasker;
import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskProgress;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.eye.EyeLimits;
import org.dmask.mask.eye.GazeReadback;
import org.dmask.mask.gl.RenderLanes;
import org.dmask.mask.gl.RenderPath;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.mask.gl.RenderedFrame;
import org.dmask.video.FileVideoSource;
import org.dmask.video.FramePipeline;
import org.dmask.video.FrameProcessor;
import org.dmask.video.FrameRate;
import org.dmask.video.FrameSink;
import org.dmask.video.FrameSource;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.TimelineSource;
import org.dmask.video.VideoException;
import org.dmask.video.VideoFormat;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;
import org.jboss.logging.Logger;

/**
 * The digital mask for a whole video: DICOM video (or a plain video file) → decode → analyse → map to the generic
 * face → render → encode (H.264) → a new DICOM object of the same kind (or an MP4 for a plain file).
 *
 * <p>Two passes, because the subject's neutral shape needs the whole clip: the first decodes and analyses,
 * writing a {@value FrameRecord#BYTES}-byte record per frame to a temporary file (decode and analysis overlap); the
 * second renders from the records, encoding as it goes (render and encode overlap in the video package's
 * {@link FramePipeline}, order kept). In {@code full} mode the second pass does not decode at all: the original
 * pixels are not needed, only the first pass's frame count and timing; {@code face} mode decodes again. Memory does
 * not grow with the clip beyond 4 bytes a tracked frame (the median scale), the other faces found every few frames
 * ({@link ClipFaces}) and a bounded 16 MB block for the neutral-shape median; frames in flight are bounded by the
 * pipeline's queue capacity.
 *
 * <p>{@code face} mode and other people: the first pass also looks for scene cuts (each ends the face track) and for
 * every face ({@link FaceCensus}); the second covers the head of each face other than the patient's
 * ({@link HeadCover}) before it draws the avatar.
 *
 * <p>Fails closed: an untracked frame becomes the neutral frame ({@code full}) or the fully obscured frame
 * ({@code face}), counted; above {@code maxUntrackedShare} the study is flagged (a De-identification Method value,
 * and a WARN log). The output appears only complete (temporary name, renamed at the end); any error leaves none.
 * In {@code full} mode no byte of the original frame reaches the output; audio is never carried.
 */
public final class MaskPipeline {

    private static final Logger LOG = Logger.getLogger(MaskPipeline.class);
    /** De-identification Method (0012,0063) value of every masked object. */
    public static final String METHOD_FULL = "DMASK DIGITAL MASK FULL";
    public static final String METHOD_FACE = "DMASK DIGITAL MASK FACE";
    /** Prefix of the De-identification Method value that flags a study with too many untracked frames. */
    public static final String UNTRACKED_FLAG = "DMASK MASK UNTRACKED ";
    /**
     * Detector score from which a face other than the patient's is covered, below the tracker's 0.6: the stage
     * video's audience has faces at the frame's edge that 0.6 misses.
     */
    public static final double DEFAULT_COVER_MIN_SCORE = 0.4;

    /**
     * @param render            renderer set-up (device, samples, style)
     * @param featherPixels     face mode: blend band outside the oval
     * @param maxUntrackedShare share of untracked frames above which the study is flagged
     * @param renderLanes       render threads (one EGL context each)
     * @param video             encoder, queue capacity, temporary directory (its worker count is replaced by
     *                          {@code renderLanes})
     * @param gazeReadback      read the drawing back and correct the horizontal gaze ({@link GazeReadback})
     * @param redetectEvery     detect every face on every this-many-th frame (and at once on a scene cut)
     * @param sceneCutThreshold grey-thumbnail difference above which a frame starts a new shot
     *                          ({@link SceneCutDetector})
     * @param coverMinScore     detector score from which a face other than the patient's is covered
     */
    public record Settings(RenderSettings render, int featherPixels, double maxUntrackedShare, int renderLanes,
            VideoSettings video, boolean gazeReadback, int redetectEvery, double sceneCutThreshold,
            double coverMinScore) {

        public Settings {
            if (render == null || video == null) {
                throw new IllegalArgumentException("render and video settings are required");
            }
            if (!(maxUntrackedShare >= 0 && maxUntrackedShare <= 1)) {
                throw new IllegalArgumentException("max untracked share must be in [0, 1]: " + maxUntrackedShare);
            }
            if (renderLanes < 1 || featherPixels < 0) {
                throw new IllegalArgumentException("render lanes ≥ 1, feather ≥ 0");
            }
            if (redetectEvery < 1 || !(sceneCutThreshold > 0) || !(coverMinScore > 0 && coverMinScore < 1)) {
                throw new IllegalArgumentException("re-detection interval ≥ 1 frame, scene-cut threshold > 0,"
                        + " cover score in (0, 1)");
            }
        }

        /** Re-detection every 5th frame, the default scene-cut threshold, faces covered from score 0.4. */
        public Settings(RenderSettings render, int featherPixels, double maxUntrackedShare, int renderLanes,
                VideoSettings video, boolean gazeReadback) {
            this(render, featherPixels, maxUntrackedShare, renderLanes, video, gazeReadback, 5,
                    SceneCutDetector.DEFAULT_THRESHOLD, DEFAULT_COVER_MIN_SCORE);
        }

        public static Settings defaults() {
            return new Settings(RenderSettings.DEFAULT, 12, 0.2, 1, VideoSettings.defaults(), true);
        }

        public Settings withMaxUntrackedShare(double share) {
            return new Settings(render, featherPixels, share, renderLanes, video, gazeReadback, redetectEvery,
                    sceneCutThreshold, coverMinScore);
        }

        public Settings withRenderLanes(int lanes) {
            return new Settings(render, featherPixels, maxUntrackedShare, lanes, video, gazeReadback, redetectEvery,
                    sceneCutThreshold, coverMinScore);
        }

        public Settings withGazeReadback(boolean on) {
            return new Settings(render, featherPixels, maxUntrackedShare, renderLanes, video, on, redetectEvery,
                    sceneCutThreshold, coverMinScore);
        }

        public Settings withSceneCutThreshold(double threshold) {
            return new Settings(render, featherPixels, maxUntrackedShare, renderLanes, video, gazeReadback,
                    redetectEvery, threshold, coverMinScore);
        }

        public Settings withRedetectEvery(int frames) {
            return new Settings(render, featherPixels, maxUntrackedShare, renderLanes, video, gazeReadback, frames,
                    sceneCutThreshold, coverMinScore);
        }
    }

    /** Summed time per stage, nanoseconds (stages overlap, so they may add up to more than the wall time). */
    public record StageTimes(long decodeNanos, long analyseNanos, long readbackNanos, long renderNanos,
            long encodeNanos) {
    }

    /**
     * The faces of a clip.
     *
     * @param faces           faces newly seen at a detection (a face that stays in view counts once; a scene cut
     *                        starts the count again for everyone), the patient included
     * @param multiFaceFrames frames whose latest detection found more than one face
     * @param sceneCuts       scene cuts found (each ends the track)
     * @param regionsObscured {@code face} mode: head regions of other faces filled, summed over frames
     */
    public record FaceCounts(long faces, long multiFaceFrames, long sceneCuts, long regionsObscured) {
    }

    /**
     * What was written.
     *
     * @param recordNotes what the record of the cleaned pixels says of this mask: the method, and the untracked share
     *                    when the clip is flagged (the DICOM step writes them into the de-identification method)
     * @param frameRate   the clip's frame rate, which the encoded output keeps
     */
    public record Result(Path output, MaskMode mode, long frames, long untracked, boolean flagged, RenderPath path,
            String glRenderer, double videoFps, long wallNanos, StageTimes stages, String[] recordNotes,
            EyeLimits eyeLimits, FaceCounts faces, FrameRate frameRate) {

        public double untrackedShare() {
            return frames == 0 ? 0 : (double) untracked / frames;
        }

        /** Frames masked per second of wall time, both passes. */
        public double throughputFps() {
            return wallNanos == 0 ? 0 : frames / (wallNanos / 1e9);
        }

        /** The output's name, then {@link #details()}. */
        public String summary() {
            return output + ": " + details();
        }

        /** One line: frames, tracking, faces, mode, renderer, speed and the stages' times. */
        public String details() {
            return String.format(Locale.ROOT,
                    "%d frames (%.3g fps video), %d untracked (%.1f%%)%s, %d faces seen, %d frames with more"
                            + " than one face, %d scene cuts, %d regions obscured, mode %s, %s (%s), %.1f frames/s"
                            + " [decode %.1f s, analyse %.1f s, read back %.1f s, render %.1f s, encode %.1f s]",
                    frames, videoFps, untracked, 100 * untrackedShare(), flagged ? " FLAGGED" : "",
                    faces.faces(), faces.multiFaceFrames(), faces.sceneCuts(), faces.regionsObscured(),
                    mode.name().toLowerCase(Locale.ROOT), path, glRenderer, throughputFps(),
                    stages.decodeNanos / 1e9, stages.analyseNanos / 1e9, stages.readbackNanos / 1e9,
                    stages.renderNanos / 1e9,
                    stages.encodeNanos / 1e9)
                    + (eyeLimits.any() ? "; drawn at the generic eye's limit: " + eyeLimits.describe() : "");
        }
    }

    private final Supplier<FaceAnalyzer> analyzers;
    private final AvatarMesh mesh;
    private final Settings settings;

    /**
     * @param analyzers a fresh face analyzer per clip
     * @param mesh      the generic face (MediaPipe canonical mesh)
     */
    public MaskPipeline(Supplier<FaceAnalyzer> analyzers, AvatarMesh mesh, Settings settings) {
        this.analyzers = analyzers;
        this.mesh = mesh;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** A video file FFmpeg reads (mkv, mp4, gif ...) → the masked H.264 MP4 at {@code out}. */
    public Result maskVideoFile(Path in, Path out, MaskMode mode, MaskProgress progress) throws IOException {
        return maskClip(() -> FileVideoSource.open(in), in, out, mode, progress);
    }

    /**
     * The frames {@code frames} opens (twice in {@code face} mode: the second pass decodes again) → the masked H.264
     * MP4 at {@code out}, complete or not at all. {@code source} names the input in the verdict's log line.
     */
    public Result maskClip(ClipMasker.Frames frames, Object source, Path out, MaskMode mode, MaskProgress progress)
            throws IOException {
        long start = System.nanoTime();
        Timings t = new Timings();
        SourceOpener opener = frames::open;
        try (FirstPass first = analyse(opener, mode, t, progress)) {
            Verdict verdict = verdict(first.records(), source);
            VideoFormat format = first.format();
            try (FrameSource again = secondPassSource(opener, first, mode);
                    H264Mp4Sink sink = H264Mp4Sink.create(format, settings.video(), null)) {
                try {
                    SecondPass second = render(again, sink, first, mode, t, progress);
                    moveIntoPlace(sink.file(), out);
                    return new Result(out, mode, second.frames(), verdict.untracked, verdict.flagged, second.path(),
                            second.glRenderer(), format.frameRate().fps(), System.nanoTime() - start, t.stages(),
                            verdict.notes(mode), second.eyeLimits(), second.faces(), format.frameRate());
                } finally {
                    Files.deleteIfExists(sink.file());
                }
            }
        }
    }

    /**
     * The second pass's frames. {@code full} draws every pixel from the records, so it does not decode again: the
     * frame count and timing of the first pass, no pixels. {@code face} keeps the frame outside the oval, so it
     * decodes again.
     */
    private static FrameSource secondPassSource(SourceOpener opener, FirstPass first, MaskMode mode)
            throws IOException {
        return mode == MaskMode.FULL ? new TimelineSource(first.format(), first.records().frames()) : opener.open();
    }

    /** The first pass's records, the other faces and the scene cuts, and the video's format. */
    private record FirstPass(AnalysisFile records, ClipFaces faces, VideoFormat format) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            records.close();
        }
    }

    @FunctionalInterface
    private interface SourceOpener {
        FrameSource open() throws IOException;
    }

    /**
     * First pass: decode and analyse every frame, in order, into the analysis file. Three threads overlap: decoding
     * runs ahead; the frame pipeline's one worker tracks the face (the tracker needs the frames one after another);
     * the pipeline's in-order sink measures the eyes and writes the record ({@link FaceAnalyzer#measure}), so frame
     * n's eyes are measured while frame n+1 is tracked. The records are the same as one thread's.
     *
     * <p>Beside the track, the worker looks for scene cuts and for every face ({@link FaceCensus}). In {@code face}
     * mode a cut ends the track, so the avatar is never drawn where the old face was; {@code full} mode keeps its
     * track as it was (it shows nothing of the original either way), and its output does not change. Only face mode
     * re-detects every few frames; full mode's face counts come from the detections made at a track's start or loss
     * and at cuts.
     */
    private FirstPass analyse(SourceOpener opener, MaskMode mode, Timings t, MaskProgress progress) throws IOException {
        AnalysisFile file = new AnalysisFile(settings.video().tempDirectory());
        ClipFaces faces = new ClipFaces();
        try (FrameSource source = opener.open()) {
            VideoFormat format = source.format();
            FaceAnalyzer analyzer = analyzers.get();
            double fps = format.frameRate().fps();
            // Tracks handed from the worker to the sink by frame index; never more than the frames in flight.
            Map<Long, Observed> tracked = new ConcurrentHashMap<>();
            SceneCutDetector cuts = new SceneCutDetector(settings.sceneCutThreshold());
            // Face mode covers every other face, so it looks for them every few frames. Full mode shows nothing of
            // the original: it counts faces only where a detector runs anyway (track start or loss, scene cut), so
            // the detector costs nothing extra on the hot path.
            FaceCensus census = new FaceCensus(analyzer.tracker().detector().withMinScore(settings.coverMinScore()),
                    mode == MaskMode.FACE ? settings.redetectEvery() : Integer.MAX_VALUE);
            FrameProcessor work = frame -> {
                long t0 = System.nanoTime();
                BgrImage image = new BgrImage(frame.width(), frame.height(), frame.bgr());
                boolean cut = cuts.next(image);
                if (cut && mode == MaskMode.FACE) {
                    analyzer.sceneCut();
                }
                FaceAnalyzer.Tracked track = analyzer.track(image);
                tracked.put(frame.index(), new Observed(track, census.observe(image, track.step(), cut)));
                t.analyse.addAndGet(System.nanoTime() - t0);
            };
            FrameSink done = new FrameSink() {
                @Override
                public void write(VideoFrame frame) throws IOException {
                    long t0 = System.nanoTime();
                    Observed observed = tracked.remove(frame.index());
                    if (observed == null) { // the pipeline hands a frame on only after its work is done
                        throw new IllegalStateException("no face track for frame " + frame.index());
                    }
                    // Time from the frame index at the exact rate: container time stamps may be coarse (ms).
                    FrameRecord record = FrameRecord.of(analyzer.measure(
                            new BgrImage(frame.width(), frame.height(), frame.bgr()), observed.track(),
                            frame.index() / fps));
                    file.append(record);
                    faces.add(observed.faces(), record.tracked());
                    t.analyse.addAndGet(System.nanoTime() - t0);
                    progress.update("analyse", file.frames(), format.frameCount());
                }

                @Override
                public void finish() {
                }

                @Override
                public void close() {
                }
            };
            new FramePipeline(1, settings.video().queueCapacity()).run(new TimedSource(source, t.decode), work, done);
            if (file.frames() == 0) {
                throw new VideoException("the video has no frames");
            }
            return new FirstPass(file, faces, format);
        } catch (IOException | RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /** The worker's result for one frame: the patient's track and every face. */
    private record Observed(FaceAnalyzer.Tracked track, FaceCensus.Observation faces) {
    }

    private record Verdict(long untracked, long frames, boolean flagged, double share, double limit) {
        String[] notes(MaskMode mode) {
            String method = mode == MaskMode.FULL ? METHOD_FULL : METHOD_FACE;
            if (!flagged) {
                return new String[] {method};
            }
            return new String[] {method, String.format(Locale.ROOT, "%s%d/%d FRAMES > %.0f%%", UNTRACKED_FLAG,
                    untracked, frames, 100 * limit)};
        }
    }

    private Verdict verdict(AnalysisFile analysis, Object in) {
        long frames = analysis.frames();
        long untracked = frames - analysis.trackedFrames();
        double share = (double) untracked / frames;
        boolean flagged = share > settings.maxUntrackedShare();
        if (flagged) {
            LOG.warnf("%s: the face was not tracked in %d of %d frames (%.1f%% > %.1f%%); those frames are neutral;"
                    + " the output is flagged in De-identification Method (0012,0063)", in, untracked, frames,
                    100 * share, 100 * settings.maxUntrackedShare());
        }
        return new Verdict(untracked, frames, flagged, share, settings.maxUntrackedShare());
    }

    /** What the second pass drew: the frame count, on which path, and how often the eyes were at their limit. */
    private record SecondPass(long frames, RenderPath path, String glRenderer, EyeLimits eyeLimits,
            FaceCounts faces) {
    }

    /**
     * Second pass: render each frame from its record (face mode: over the decoded frame, every other face's head
     * covered first), encode.
     */
    private SecondPass render(FrameSource source, FrameSink sink, FirstPass first, MaskMode mode, Timings t,
            MaskProgress progress) throws IOException {
        AnalysisFile analysis = first.records();
        VideoFormat format = source.format();
        HeadCover heads = new HeadCover(settings.featherPixels(), settings.render().style().background());
        AtomicLong obscured = new AtomicLong();
        AvatarMapper mapper = new AvatarMapper(analysis.neutralShape(), analysis.medianScale(),
                analysis.medianPosition(), analysis.medianRotation(), analysis.medianEyes(), analysis.openFissures(),
                mesh, mode, format.height());
        FaceComposite composite = new FaceComposite(settings.featherPixels());
        long total = analysis.frames();
        try (RenderLanes lanes = new RenderLanes(settings.renderLanes(), mesh, settings.render())) {
            GazeReadback.Corrections corrections = settings.gazeReadback()
                    ? readBack(analysis, mapper, lanes, format, t, progress)
                    : GazeReadback.Corrections.NONE;
            FrameProcessor work = frame -> {
                FrameRecord record = analysis.read(frame.index());
                long t0 = System.nanoTime();
                RenderedFrame rendered = lanes.render(mapper.map(record, frame.width(), frame.height(),
                        corrections.of(frame.index(), true), corrections.of(frame.index(), false)));
                byte[] bgr = rendered.bgr();
                if (mode == MaskMode.FULL || !record.tracked()) {
                    // Every byte of the output frame is the render's: nothing of the original is read.
                    System.arraycopy(bgr, 0, frame.bgr(), 0, bgr.length);
                } else {
                    // Other faces first: the avatar's feather band then blends toward their cover, not their skin.
                    obscured.addAndGet(heads.cover(frame.bgr(), frame.width(), frame.height(),
                            first.faces().toCover(frame.index())));
                    // The composite is per channel, so it works on BGR as well as on RGB.
                    byte[] composed = composite.compose(new RenderedFrame(rendered.source(), rendered.width(),
                            rendered.height(), bgr, rendered.neutral()), frame.bgr(), record.oval());
                    System.arraycopy(composed, 0, frame.bgr(), 0, composed.length);
                }
                t.render.addAndGet(System.nanoTime() - t0);
            };
            FrameSource timedSource = new TimedSource(source, t.decode);
            FrameSink timedSink = new FrameSink() {
                long written;

                @Override
                public void write(VideoFrame frame) throws IOException {
                    long t0 = System.nanoTime();
                    sink.write(frame);
                    t.encode.addAndGet(System.nanoTime() - t0);
                    progress.update("render", ++written, total);
                }

                @Override
                public void finish() throws IOException {
                    long t0 = System.nanoTime();
                    sink.finish();
                    t.encode.addAndGet(System.nanoTime() - t0);
                }

                @Override
                public void close() {
                }
            };
            long frames = new FramePipeline(settings.renderLanes(), settings.video().queueCapacity())
                    .run(timedSource, work, timedSink);
            if (frames != total) {
                throw new VideoException("the second pass had " + frames + " frames, the first " + total);
            }
            FaceCounts counts = first.faces().counts();
            return new SecondPass(frames, lanes.path(), lanes.glRenderer(), mapper.limits(),
                    new FaceCounts(counts.faces(), counts.multiFaceFrames(), counts.sceneCuts(), obscured.get()));
        }
    }

    /**
     * Between the passes: draw a sample of the frames as they will be drawn, read them back, and fit the horizontal
     * gaze's corrections ({@link GazeReadback}), on as many threads as there are render lanes.
     */
    private GazeReadback.Corrections readBack(AnalysisFile analysis, AvatarMapper mapper, RenderLanes lanes,
            VideoFormat format, Timings t, MaskProgress progress) throws IOException {
        long t0 = System.nanoTime();
        if (analysis.frames() > Integer.MAX_VALUE) {
            throw new VideoException("too many frames to mask: " + analysis.frames());
        }
        int frames = (int) analysis.frames();
        int width = format.width(), height = format.height();
        GazeReadback.Clip clip = new GazeReadback.Clip() {
            @Override
            public int frames() {
                return frames;
            }

            @Override
            public AvatarFrame drawn(int frame) {
                return mapper.mapForReadback(read(frame), width, height);
            }

            @Override
            public double[] wanted(int frame) {
                return mapper.wantedGazeH(read(frame));
            }

            private FrameRecord read(int frame) {
                try {
                    return analysis.read(frame);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            GazeReadback.Corrections c = GazeReadback.measure(clip, format.frameRate().fps(), settings.renderLanes(),
                    lanes::render, analyzers, progress);
            LOG.debugf("gaze read back on %d of %d frames (%d found again); largest correction %.1f°", c.sampled(),
                    frames, c.read(), c.maxAbsDeg());
            return c;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the mask back");
        } finally {
            t.readback.addAndGet(System.nanoTime() - t0);
        }
    }

    private static void moveIntoPlace(Path file, Path output) throws IOException {
        Path partial = partialBeside(output);
        try {
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static Path partialBeside(Path output) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + output.getFileName() + ".", ".partial");
    }

    private static final class Timings {
        final AtomicLong decode = new AtomicLong();
        final AtomicLong analyse = new AtomicLong();
        final AtomicLong readback = new AtomicLong();
        final AtomicLong render = new AtomicLong();
        final AtomicLong encode = new AtomicLong();

        StageTimes stages() {
            return new StageTimes(decode.get(), analyse.get(), readback.get(), render.get(), encode.get());
        }
    }

    /** Counts the time spent decoding. */
    private record TimedSource(FrameSource source, AtomicLong nanos) implements FrameSource {
        @Override
        public VideoFormat format() {
            return source.format();
        }

        @Override
        public VideoFrame newFrame() {
            return source.newFrame();
        }

        @Override
        public boolean read(VideoFrame into) throws IOException {
            long t0 = System.nanoTime();
            try {
                return source.read(into);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public void close() {
        }
    }
}
