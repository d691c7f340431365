package org.dmask.video;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code dmask.video.*}: encoder and pipeline settings. See {@link VideoSettings} for what each means. */
@ConfigMapping(prefix = "dmask.video")
public interface VideoConfig {

    @WithDefault("auto")
    String encoder();

    @WithDefault("18")
    int crf();

    @WithDefault("medium")
    String x264Preset();

    @WithDefault("0.5")
    double openh264BitsPerPixel();

    @WithDefault("false")
    boolean keepAudio();

    /** 0: one per available processor. */
    @WithDefault("0")
    int workers();

    @WithDefault("16")
    int queueCapacity();

    Optional<Path> tempDirectory();

    default VideoSettings settings() {
        int w = workers() > 0 ? workers() : Math.max(1, Runtime.getRuntime().availableProcessors());
        return new VideoSettings(encoder(), crf(), x264Preset(), openh264BitsPerPixel(), keepAudio(), w,
                queueCapacity(), tempDirectory().orElse(null));
    }
}
