package org.dmask.face;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dmask.face.*}: tracking and signal settings. */
@ConfigMapping(prefix = "dmask.face")
public interface FaceConfig {

    /** Face-presence probability below which the track counts as lost and the detector runs again. */
    @WithDefault("0.5")
    double minPresence();

    /** Detector score threshold. */
    @WithDefault("0.6")
    double detectionMinScore();

    /** Motion-adaptive stabilisation of gaze and iris position (passes nystagmus up to 10 Hz at 30 fps). */
    @WithDefault("true")
    boolean smoothing();
}
