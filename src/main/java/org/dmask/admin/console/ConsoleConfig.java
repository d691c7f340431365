package org.dmask.admin.console;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code dmask.console.*}: the web console's dashboard history and its before/after preview. */
@ConfigMapping(prefix = "dmask.console")
public interface ConsoleConfig {

    /** How often the dashboard samples the gateway's meters into its history. */
    @WithDefault("10s")
    Duration sampleInterval();

    /** How far back the dashboard's charts reach (kept in memory, lost on restart). */
    @WithDefault("6h")
    Duration history();

    Preview preview();

    /** The before/after preview of a masked video (operator and admin only). */
    interface Preview {

        /** The largest upload the preview accepts. */
        @WithDefault("512M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxUploadSize();

        /** The longest clip the preview masks, in frames (the mask runs while the operator waits). */
        @WithDefault("900")
        int maxFrames();

        /** How many frames are shown side by side, evenly spaced through the clip. */
        @WithDefault("4")
        int frames();

        /** Where the upload and the masked copy live during the request (deleted before it ends); absent: the system's. */
        Optional<Path> tempDirectory();
    }
}
