package org.dmask.deploy;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmask.deid.DeidConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configuration keys the application reads, found where the application itself declares them rather than in a
 * list kept beside the tests: every {@code @ConfigMapping} interface and {@code @ConfigProperty} field among dmask's
 * compiled classes, and every {@code @ConfigMapping} root the Quarkus extensions on the class path list in their
 * {@code META-INF/quarkus-config-roots.list}, with the build-time keys of their deployment jars. A key fixed at build
 * time is kept, marked, so that a deployment setting it at run time (where it has no effect) can be told.
 */
final class ConfigKeys {

    /** One key: its name as SmallRye spells it ({@code *} for a map key), its default, whether run time reads it. */
    record Key(String name, Pattern env, Pattern pattern, Optional<String> defaultValue, boolean runtime,
            String declaredBy) {
    }

    private final List<Key> keys;

    private ConfigKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    static ConfigKeys ofApplication() {
        List<Key> keys = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : dmaskClassNames()) {
            Class<?> c = load(name, loader);
            if (c == null) {
                continue;
            }
            ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
            if (mapping != null && c.isInterface()) {
                addMapping(keys, c, mapping.prefix(), true);
            }
            for (Field f : c.getDeclaredFields()) {
                ConfigProperty p = f.getAnnotation(ConfigProperty.class);
                if (p != null && !p.name().isEmpty()) {
                    String def = ConfigProperty.UNCONFIGURED_VALUE.equals(p.defaultValue()) ? null : p.defaultValue();
                    keys.add(key(p.name(), def, true, c.getName()));
                }
            }
        }
        Set<Path> extensions = quarkusExtensionJars(loader);
        for (Path jar : extensions) {
            for (String name : configClassNames(jar)) {
                Class<?> c = load(name, loader);
                if (c == null || !c.isInterface()) {
                    continue;
                }
                ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
                ConfigRoot root = c.getAnnotation(ConfigRoot.class);
                if (mapping != null && root != null) {
                    addMapping(keys, c, mapping.prefix(), root.phase() == ConfigPhase.RUN_TIME);
                }
            }
        }
        // Build-time roots of an extension live in its deployment jar, which is not on a test's class path but in the
        // local Maven repository beside the runtime jar; its config model (written by Quarkus's annotation processor)
        // names each key with its default. They matter here for their defaults (the health paths) and so that a
        // deployment setting one at run time is caught.
        Set<String> known = new java.util.HashSet<>();
        keys.forEach(k -> known.add(k.name()));
        for (Path jar : extensions) {
            deploymentJar(jar).ifPresent(d -> addConfigModel(keys, known, d));
        }
        return new ConfigKeys(keys);
    }

    int size() {
        return keys.size();
    }

    /** The key an environment variable sets, by Quarkus's mapping (upper case, every other character '_'). */
    Optional<Key> forEnv(String variable) {
        Key best = null;
        for (Key k : keys) {
            if (k.env().matcher(variable).matches()
                    && (best == null || wildcards(k.name()) < wildcards(best.name()))) {
                best = k; // an exact key wins over a map key that happens to match
            }
        }
        return Optional.ofNullable(best);
    }

    /** The key of this name, or the map key (with {@code *}) that covers it. */
    Optional<Key> property(String name) {
        Key best = null;
        for (Key k : keys) {
            if (k.pattern().matcher(name).matches()
                    && (best == null || wildcards(k.name()) < wildcards(best.name()))) {
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int wildcards(String name) {
        return name.length() - name.replace("*", "").length();
    }

    /** The names a declared key covers: {@code *} one map key (quoted when it has dots), {@code [*]} an index. */
    private static Pattern namePattern(String declared) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < declared.length(); i++) {
            char c = declared.charAt(i);
            if (declared.startsWith("[*]", i)) {
                re.append("\\[[0-9]+\\]");
                i += 2;
            } else if (c == '*') {
                re.append("(\"[^\"]+\"|[^.\"]+)"); // a map key: one segment, or a quoted one with dots
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static void addMapping(List<Key> into, Class<?> mapping, String prefix, boolean runtime) {
        Map<String, ConfigMappingInterface.Property> props;
        try {
            props = ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix));
        } catch (RuntimeException | LinkageError e) {
            return; // a root whose types are not all on this class path: its extension is not in use here
        }
        for (Map.Entry<String, ConfigMappingInterface.Property> e : props.entrySet()) {
            ConfigMappingInterface.Property p = e.getValue();
            String def = p.hasDefaultValue() ? p.getDefaultValue() : null;
            into.add(key(e.getKey(), def, runtime, mapping.getName()));
        }
    }

    private static Key key(String name, String defaultValue, boolean runtime, String declaredBy) {
        return new Key(name, envPattern(name), namePattern(name), Optional.ofNullable(defaultValue), runtime,
                declaredBy);
    }

    /** SmallRye's environment form of a key: {@code [*]} an index, {@code *} any map key, else '_' for non-alnum. */
    static Pattern envPattern(String name) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (name.startsWith("[*]", i)) {
                re.append("_[0-9]+_");
                i += 2;
            } else if (c == '*') {
                re.append("[A-Z0-9_]+");
            } else if (Character.isLetterOrDigit(c)) {
                re.append(Character.toUpperCase(c));
            } else {
                re.append('_');
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The deployment jar an extension's runtime jar names, in the same local repository. */
    private static Optional<Path> deploymentJar(Path runtimeJar) {
        try (JarFile f = new JarFile(runtimeJar.toFile())) {
            JarEntry e = f.getJarEntry("META-INF/quarkus-extension.properties");
            java.util.Properties p = new java.util.Properties();
            try (var in = f.getInputStream(e)) {
                p.load(in);
            }
            String gav = p.getProperty("deployment-artifact");
            if (gav == null) {
                return Optional.empty();
            }
            String[] parts = gav.split(":");
            String group = parts[0];
            String artifact = parts[1];
            String version = parts[parts.length - 1];
            // runtime jar: REPO/group/path/artifact/version/artifact-version.jar
            Path repo = runtimeJar.getParent().getParent().getParent();
            for (int i = 0; i < group.split("\\.").length; i++) {
                repo = repo.getParent();
            }
            Path jar = repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                    .resolve(artifact + "-" + version + ".jar");
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    private static void addConfigModel(List<Key> into, Set<String> known, Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            JarEntry e = f.getJarEntry("META-INF/quarkus-config-doc/quarkus-config-model.json");
            if (e == null) {
                return;
            }
            com.fasterxml.jackson.databind.JsonNode model;
            try (var in = f.getInputStream(e)) {
                model = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
            model.findParents("path").forEach(items::add);
            for (com.fasterxml.jackson.databind.JsonNode item : items) {
                String name = item.path("path").path("property").asText("");
                if (name.isEmpty() || !known.add(name)) {
                    continue;
                }
                String def = item.hasNonNull("defaultValue") ? item.get("defaultValue").asText() : null;
                boolean runtime = "RUN_TIME".equals(item.path("phase").asText());
                into.add(key(name.replaceAll("\"[^\"]*\"", "*"), def, runtime, "config model of " + jar.getFileName()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // needs an optional dependency that is not on this class path
        }
    }

    /** Every class compiled from src/main/java (the folder that holds DeidConfig). */
    private static List<String> dmaskClassNames() {
        try {
            Path root = Path.of(DeidConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> root.relativize(f).toString())
                        .filter(n -> n.startsWith("org/dmask/") && !n.contains("$$"))
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<Path> quarkusExtensionJars(ClassLoader loader) {
        Set<Path> jars = new LinkedHashSet<>();
        try {
            Enumeration<URL> urls = loader.getResources("META-INF/quarkus-extension.properties");
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if (url.openConnection() instanceof JarURLConnection jar) {
                    jars.add(Path.of(jar.getJarFileURL().toURI()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return jars;
    }

    /** The config roots an extension jar lists in META-INF/quarkus-config-roots.list (Quarkus writes it). */
    private static List<String> configClassNames(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            JarEntry e = f.getJarEntry("META-INF/quarkus-config-roots.list");
            if (e == null) {
                return List.of();
            }
            try (var in = f.getInputStream(e)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
