package org.dmask.mask.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import org.dmask.face.FaceAnalyzers;
import org.dmask.mask.ClipMasker;
import org.dmask.mask.DevicePreference;
import org.dmask.mask.MaskConfig;
import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskProgress;
import org.dmask.mask.VideoMasker.MaskException;
import org.dmask.mask.VideoMasker;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.gl.EglContext;
import org.dmask.mask.gl.RenderSettings;
import org.dmask.mask.gl.RendererUnavailableException;
import org.dmask.model.ModelRegistry;
import org.dmask.video.VideoConfig;
import org.dmask.video.VideoException;

/**
 * CDI wiring of the {@link MaskPipeline} from {@code dmask.mask.*}, {@code dmask.video.*} and the face models; the
 * gateway's {@link ClipMasker} (route wraps it into DICOM). A video that cannot be decoded, or a renderer that cannot
 * start, is a {@link VideoMasker.MaskException}: the gateway dead-letters the object with that reason.
 */
@ApplicationScoped
public class DigitalMask implements ClipMasker {

    private final FaceAnalyzers analyzers;
    private final ModelRegistry models;
    private final MaskConfig config;
    private final MaskPipeline.Settings settings;
    private MaskPipeline pipeline;

    @Inject
    public DigitalMask(FaceAnalyzers analyzers, ModelRegistry models, MaskConfig config, VideoConfig video) {
        this.analyzers = analyzers;
        this.models = models;
        this.config = config;
        int lanes = config.renderLanes() > 0 ? config.renderLanes()
                : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.settings = new MaskPipeline.Settings(RenderSettings.from(config),
                config.featherPixels(), config.maxUntrackedShare(), lanes, video.settings(),
                config.gazeReadback(), config.redetectEvery(), config.sceneCutThreshold(),
                config.coverMinScore());
    }

    /** The pipeline; the generic mesh is read from the model directory on first use. */
    public synchronized MaskPipeline pipeline() {
        if (pipeline == null) {
            pipeline = new MaskPipeline(analyzers::newAnalyzer,
                    AvatarMesh.load(models.path(org.dmask.face.CanonicalMesh.MODEL)), settings);
        }
        return pipeline;
    }

    /** dmask.mask.mode: full or face ({@code off} is for rules, not for the mask itself). */
    public MaskMode defaultMode() {
        if (config.mode() == MaskMode.OFF) {
            throw new IllegalStateException("dmask.mask.mode is full or face, not off");
        }
        return config.mode();
    }

    @Override
    public MaskedClip mask(Frames frames, Path mp4, MaskMode mode, MaskProgress progress)
            throws IOException, MaskException {
        return mask(pipeline(), frames, mp4, mode, progress);
    }

    /** Opens an EGL context on the configured device (dmask.mask.device) and closes it: the start-up check. */
    @Override
    public String checkRenderer() throws MaskException {
        return checkRenderer(config.device());
    }

    private static String checkRenderer(DevicePreference device) throws MaskException {
        try (EglContext context = EglContext.createCurrent(device)) {
            return context.path() + " path, GL renderer \"" + context.renderer() + "\", GL " + context.glVersion();
        } catch (RendererUnavailableException | IllegalStateException | LinkageError e) {
            throw new MaskException("the renderer does not open (dmask.mask.device=" + device.name()
                    .toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage(), e);
        }
    }

    /** The mask without CDI, on {@code pipeline}; the renderer check opens the default device. */
    public static ClipMasker of(MaskPipeline pipeline) {
        return new ClipMasker() {
            @Override
            public MaskedClip mask(Frames frames, Path mp4, MaskMode mode, MaskProgress progress)
                    throws IOException, MaskException {
                return DigitalMask.mask(pipeline, frames, mp4, mode, progress);
            }

            @Override
            public String checkRenderer() throws MaskException {
                return DigitalMask.checkRenderer(pipeline.settings().render().device());
            }
        };
    }

    private static MaskedClip mask(MaskPipeline pipeline, Frames frames, Path mp4, MaskMode mode,
            MaskProgress progress) throws IOException, MaskException {
        if (mode == MaskMode.OFF) {
            throw new IllegalArgumentException("mask mode off: nothing to mask");
        }
        try {
            MaskPipeline.Result r = pipeline.maskClip(frames, "a clip", mp4, mode, progress);
            return new MaskedClip(r.frames(), r.frameRate(), r.recordNotes(), r.details());
        } catch (VideoException e) {
            throw new MaskException(e.getMessage(), e);
        } catch (RendererUnavailableException e) {
            throw new MaskException("no renderer: " + e.getMessage(), e);
        }
    }
}
