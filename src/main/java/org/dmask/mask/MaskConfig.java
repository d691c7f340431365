package org.dmask.mask;

import org.dmask.mask.eye.GazeReadback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dmask.mask.*}: how the digital mask renders and composes. */
@ConfigMapping(prefix = "dmask.mask")
public interface MaskConfig {

    /** full (default) or face; off belongs to rules and is refused here. */
    @WithDefault("full")
    MaskMode mode();

    /** auto (NVIDIA EGL device if present, else CPU), gpu (required) or cpu. */
    @WithDefault("auto")
    DevicePreference device();

    /** Multisamples per pixel. */
    @WithDefault("4")
    int samples();

    /** face mode: width in pixels of the blend just outside the face oval. */
    @WithDefault("12")
    int featherPixels();

    /** Share of frames without a confident track above which a masked study is flagged (attribute and WARN log). */
    @WithDefault("0.2")
    double maxUntrackedShare();

    /** Render threads, each with its own EGL context; 0: one per available processor. */
    @WithDefault("0")
    int renderLanes();

    /**
     * Read every 3rd frame's drawing back through the face analysis and correct the horizontal gaze so that the
     * masked video reads what the original did (GazeReadback); about a third more analysis.
     */
    @WithDefault("true")
    boolean gazeReadback();

    /** face mode: detect every face on every this-many-th frame (and at once on a scene cut); the others are covered. */
    @WithDefault("5")
    int redetectEvery();

    /** face mode: detector score from which a face other than the patient's is covered (lower: more covered). */
    @WithDefault("0.4")
    double coverMinScore();

    /** Mean grey-thumbnail difference (0–255) above which a frame starts a new shot and the face track ends. */
    @WithDefault("18")
    double sceneCutThreshold();
}
