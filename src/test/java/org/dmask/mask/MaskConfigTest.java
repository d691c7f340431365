package org.dmask.mask;

import org.dmask.mask.avatar.AvatarStyle;
import org.dmask.mask.gl.RenderSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class MaskConfigTest {

    private static MaskConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MaskConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(MaskConfig.class);
    }

    @Test
    void defaultsAreFullModeAutomaticDeviceFourSamples() {
        MaskConfig config = load(Map.of());
        assertEquals(MaskMode.FULL, config.mode());
        assertEquals(DevicePreference.AUTO, config.device());
        assertEquals(RenderSettings.DEFAULT, RenderSettings.from(config));
        assertEquals(12, config.featherPixels());
    }

    @Test
    void lowerCaseValuesAsAnOperatorWritesThem() {
        MaskConfig config = load(Map.of("dmask.mask.mode", "face", "dmask.mask.device", "cpu",
                "dmask.mask.samples", "8"));
        assertEquals(MaskMode.FACE, config.mode());
        assertEquals(new RenderSettings(DevicePreference.CPU, 8, AvatarStyle.NEUTRAL), RenderSettings.from(config));
    }
}
