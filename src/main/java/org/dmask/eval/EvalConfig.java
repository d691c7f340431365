package org.dmask.eval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dmask.eval.*}: defaults of {@code dmask evaluate}. */
@ConfigMapping(prefix = "dmask.eval")
public interface EvalConfig {

    /** Folder with the labelled clips and their PROVENANCE.md identity table. */
    @WithDefault("../shared/media")
    String media();

    /**
     * Frames per clip embedded for the re-identification attacks. 24 over the 6 probe clips of the ASL set give 144
     * probes: a rank-1 rate then resolves about 3 points (binomial sd at chance), against 6 with 48 probes, which
     * is more than the 5 points above chance that the privacy target allows.
     */
    @WithDefault("24")
    int privacySamples();

    /**
     * Frames per clip embedded for the identity test across occasions ({@code <media>/identities}). Each clip is one
     * photo under a slow zoom, so its frames differ little: the photo is the unit, and 12 frames spread over the
     * clip are as many as its zoom and roll make worth having.
     */
    @WithDefault("12")
    int identitySamples();

    /** Frames of the scripted ground-truth test sequence (30 fps); the calibration sequence has 2/3 as many. */
    @WithDefault("180")
    int groundTruthFrames();
}
