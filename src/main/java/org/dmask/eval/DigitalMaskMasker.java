package org.dmask.eval;

import org.dmask.mask.MaskProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;
import org.dmask.mask.eye.EyeLimits;
import org.dmask.mask.eye.GazeReadback;
import org.dmask.mask.MaskMode;
import org.dmask.mask.pipeline.MaskPipeline;

/**
 * The digital mask as evaluated: the whole clip file goes through {@link MaskPipeline} (decode, analyse, render,
 * H.264 encode) exactly as the gateway would mask it, and the encoded output is decoded again, so what is measured
 * is what leaves. When fewer frames are evaluated, the first ones of the output are kept.
 */
public final class DigitalMaskMasker implements ClipMasker {

    private final MaskPipeline pipeline;
    private final MaskMode mode;
    private final Path work;
    private long frames, wallNanos, decode, analyse, readback, render, encode;
    private String path = "not run";
    private EyeLimits lastLimits;

    public DigitalMaskMasker(MaskPipeline pipeline, MaskMode mode, Path work) {
        this.pipeline = pipeline;
        this.mode = mode;
        this.work = work;
    }

    @Override
    public String name() {
        return "digital mask (" + mode.name().toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<BgrImage> mask(LabelledClip clip, List<BgrImage> originals, double fps, List<FaceDetection> faces)
            throws IOException {
        Files.createDirectories(work);
        Path out = work.resolve(clip.name() + "-" + mode.name().toLowerCase(Locale.ROOT) + ".mp4");
        MaskPipeline.Result r = pipeline.maskVideoFile(clip.file(), out, mode, MaskProgress.NONE);
        frames += r.frames();
        wallNanos += r.wallNanos();
        decode += r.stages().decodeNanos();
        analyse += r.stages().analyseNanos();
        readback += r.stages().readbackNanos();
        render += r.stages().renderNanos();
        encode += r.stages().encodeNanos();
        path = r.path() + " (" + r.glRenderer() + ")";
        lastLimits = r.eyeLimits();
        List<BgrImage> masked;
        try {
            masked = FrameSampler.first(out, originals.size());
        } finally {
            Files.deleteIfExists(out);
        }
        if (masked.size() != originals.size()) {
            throw new IOException(clip.name() + ": the mask wrote " + masked.size() + " frames, the clip has at least "
                    + originals.size());
        }
        return masked;
    }

    @Override
    public EyeLimits lastEyeLimits() {
        return lastLimits;
    }

    @Override
    public Map<String, Double> stageMsPerFrame() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (frames == 0) {
            return m;
        }
        m.put("decode (both passes)", decode / 1e6 / frames);
        m.put("analyse", analyse / 1e6 / frames);
        m.put("read back (every " + GazeReadback.EVERY + "rd frame near a turned eye)", readback / 1e6 / frames);
        m.put("render", render / 1e6 / frames);
        m.put("encode", encode / 1e6 / frames);
        m.put("end to end (wall)", wallNanos / 1e6 / frames);
        return m;
    }
}
