package org.dmask.cli;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The application's configuration for a command that runs without starting Quarkus: the same sources in the same
 * order as the application reads them (system properties 400, environment variables 300, {@code .env} 295,
 * {@code config/application.properties} 260, the packaged {@code application.properties} 250) under the same
 * profile ({@code quarkus.profile}, else prod, or test under the tests), bound to the same {@code @ConfigMapping}s.
 */
final class StandaloneConfig {

    private StandaloneConfig() {
    }

    /** The configuration with the given mappings; a value that does not convert fails with SmallRye's exception. */
    static SmallRyeConfig read(Class<?>... mappings) {
        ClassLoader cl = StandaloneConfig.class.getClassLoader();
        String cwd = Path.of("").toAbsolutePath().toUri().toString();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addSystemSources()
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, cl))
                .withSources(PropertiesConfigSourceLoader.inFileSystem(cwd + "config/application.properties", 260,
                        cl))
                .withSources(DotEnvConfigSourceProvider.dotEnvSources(cwd + ".env", cl))
                .withProfile(profile())
                .withValidateUnknown(false);
        for (Class<?> m : mappings) {
            builder.withMapping(m);
        }
        return builder.build();
    }

    private static String profile() {
        Optional<String> set = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")));
        return set.orElseGet(StandaloneConfig::launchProfile);
    }

    /**
     * prod for the packaged application. Under Maven (tests, dev mode) Quarkus sets its launch mode only when the
     * application starts, which these commands skip; its class loader names the mode it was made for.
     */
    private static String launchProfile() {
        ClassLoader cl = StandaloneConfig.class.getClassLoader();
        if (cl.getClass().getName().equals("io.quarkus.bootstrap.classloading.QuarkusClassLoader")
                && cl.getName() != null) {
            for (LaunchMode mode : new LaunchMode[] {LaunchMode.TEST, LaunchMode.DEVELOPMENT}) {
                if (cl.getName().contains(": " + mode.name() + " ")) {
                    return mode.getDefaultProfile();
                }
            }
        }
        return LaunchMode.current().getDefaultProfile();
    }
}
