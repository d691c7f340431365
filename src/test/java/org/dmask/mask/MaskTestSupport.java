package org.dmask.mask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmask.face.BgrImage;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.EyeSignals;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FaceAnalyzers;
import org.dmask.face.FrameAnalysis;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.mask.pipeline.MaskPipeline;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelSettings;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.video.FileVideoSource;
import org.dmask.video.FrameSource;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;

/** Test support: a pipeline over the installed models on the CPU, and frame/signal readers for outputs. */
public final class MaskTestSupport {

    /**
     * Masks {@code in} with {@code pipeline} and returns the pipeline's own result: a DICOM object through the
     * gateway's DICOM step ({@code route.delivery.DicomVideoMasker}), any other video file directly.
     */
    public static MaskPipeline.Result mask(MaskPipeline pipeline, Path in, Path out, MaskMode mode) throws IOException {
        if (!org.dmask.dicom.DicomInputStream.isPart10File(in)) {
            return pipeline.maskVideoFile(in, out, mode, MaskProgress.NONE);
        }
        java.util.concurrent.atomic.AtomicReference<MaskPipeline.Result> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        ClipMasker capturing = new ClipMasker() {
            @Override
            public MaskedClip mask(Frames frames, Path mp4, MaskMode m, MaskProgress progress) throws IOException {
                MaskPipeline.Result r = pipeline.maskClip(frames, in, mp4, m, progress);
                result.set(r);
                return new MaskedClip(r.frames(), r.frameRate(), r.recordNotes(), r.details());
            }

            @Override
            public String checkRenderer() {
                return "not checked";
            }
        };
        try {
            new org.dmask.route.delivery.DicomVideoMasker(capturing).mask(in, out, mode);
        } catch (VideoMasker.MaskException e) {
            throw new IOException(e.getMessage(), e);
        }
        return result.get();
    }


    private static ModelRegistry registry;
    private static AvatarMesh mesh;

    private MaskTestSupport() {
    }

    public static synchronized ModelRegistry registry() {
        if (registry == null) {
            registry = new ModelRegistry(new ModelSettings(List.of(InstallTestSupport.installedModels()), 1, 1, "cpu"));
        }
        return registry;
    }

    public static synchronized AvatarMesh mesh() {
        if (mesh == null) {
            mesh = AvatarMesh.load(InstallTestSupport.installedModels().resolve("canonical_face_model.obj"));
        }
        return mesh;
    }

    public static FaceAnalyzer analyzer() {
        return FaceAnalyzers.create(registry(), 0.5, 0.6, true,
                FaceAnalyzers.loadMesh(registry()));
    }

    public static MaskPipeline pipeline(double maxUntrackedShare) {
        MaskPipeline.Settings s = MaskPipeline.Settings.defaults().withMaxUntrackedShare(maxUntrackedShare)
                .withRenderLanes(2);
        return new MaskPipeline(MaskTestSupport::analyzer, mesh(),
                new MaskPipeline.Settings(RenderSettings.DEFAULT, s.featherPixels(), maxUntrackedShare, 2,
                        VideoSettings.defaults().withPipeline(2, 8), true));
    }

    /** Every frame of a plain video file, BGR (small clips only). */
    public static List<byte[]> frames(Path video) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (FrameSource s = FileVideoSource.open(video)) {
            VideoFrame f = s.newFrame();
            while (s.read(f)) {
                out.add(f.bgr().clone());
            }
        }
        return out;
    }

    /** Per-frame horizontal gaze of each eye and the upper-lid proxy (NaN where untracked). */
    public record Signals(double[] gazeRight, double[] gazeLeft, double[] lidRight, double[] mrd1Right, double[] mrd1Left,
            int tracked) {
    }

    /** Every frame of a plain video file through a fresh analyzer, as one clip. */
    public static ClipAnalysis analyse(Path video) throws IOException {
        FaceAnalyzer a = analyzer();
        List<FrameAnalysis> frames = new ArrayList<>();
        double fps;
        try (FrameSource s = FileVideoSource.open(video)) {
            VideoFrame f = s.newFrame();
            fps = s.format().frameRate().fps();
            while (s.read(f)) {
                frames.add(a.analyze(new BgrImage(f.width(), f.height(), f.bgr()), f.index() / fps));
            }
        }
        return new ClipAnalysis(frames, fps);
    }

    public static Signals signals(Path video) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int tracked = 0;
        for (FrameAnalysis fa : analyse(video).frames()) {
            EyeSignals r = fa.right();
            rows.add(new double[] {r.gazeH(), fa.left().gazeH(), r.fissureHeight(), r.mrd1(), fa.left().mrd1()});
            tracked += fa.tracked() ? 1 : 0;
        }
        double[][] c = new double[5][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 5; k++) {
                c[k][i] = rows.get(i)[k];
            }
        }
        return new Signals(c[0], c[1], c[2], c[3], c[4], tracked);
    }

    /** Standard deviation over the finite values. */
    public static double std(double[] a) {
        double s = 0, ss = 0;
        int n = 0;
        for (double v : a) {
            if (Double.isFinite(v)) {
                s += v;
                ss += v * v;
                n++;
            }
        }
        return Math.sqrt(Math.max(0, ss / n - (s / n) * (s / n)));
    }

    /** Pearson correlation over the indices where both are finite. */
    public static double correlation(double[] a, double[] b) {
        double sa = 0, sb = 0, n = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                sa += a[i];
                sb += b[i];
                n++;
            }
        }
        double ma = sa / n, mb = sb / n, cov = 0, va = 0, vb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                cov += (a[i] - ma) * (b[i] - mb);
                va += (a[i] - ma) * (a[i] - ma);
                vb += (b[i] - mb) * (b[i] - mb);
            }
        }
        return cov / Math.sqrt(va * vb);
    }
}
