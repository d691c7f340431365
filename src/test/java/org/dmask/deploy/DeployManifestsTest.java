package org.dmask.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmask.cli.Dmask;
import org.dmask.deid.ProfileLoader;
import org.dmask.route.rules.RuleParser;
import org.dmask.route.rules.RuleSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;

/**
 * The files of deploy/ (the compose demo, the Kubernetes manifests, the Dockerfiles, the systemd unit and its
 * environment file) checked against the application they deploy: every dmask or Quarkus setting they make is a key
 * the application reads at run time, the probes ask the management interface where it answers, the ports are the
 * ones the application listens on, no secret value is committed, and what the systemd unit starts exists.
 */
class DeployManifestsTest {

    /**
     * Keys under {@code dmask.cluster.} that the cluster work of issue #32 defines (branch wip-cluster, its
     * {@code @ConfigMapping}); they are not in main yet, so they cannot be found like the others. Delete this set
     * once that code is merged: the scan then finds the keys, and a misspelt one fails here.
     */
    static final Set<String> CLUSTER_KEYS_DEFINED_BY_THE_CLUSTER_CODE = Set.of(
            "dmask.cluster.role", "dmask.cluster.jobs", "dmask.cluster.kafka.bootstrap-servers",
            "dmask.cluster.kafka.topic-prefix", "dmask.cluster.object-store", "dmask.cluster.s3.endpoint",
            "dmask.cluster.s3.region", "dmask.cluster.worker.kinds");

    /** Set in the GPU image for the NVIDIA Container Toolkit, which reads them; dmask does not. */
    static final Set<String> READ_BY_THE_CONTAINER_RUNTIME = Set.of("NVIDIA_VISIBLE_DEVICES",
            "NVIDIA_DRIVER_CAPABILITIES");

    static final Path DEPLOY = Path.of("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");

    static ConfigKeys keys;
    static List<Map<String, Object>> k8sDocuments;
    static Properties appProperties;
    static String launchers;

    /** A dmask container of a manifest: where it comes from, its environment, ports and probes. */
    record Container(String where, Map<String, String> env, Map<String, Integer> ports, List<Probe> probes,
            Map<String, String> labels) {
        String env(String name) {
            return env.get(name);
        }
    }

    /** A health probe: which kind, the path and the port (a number, or a port name). */
    record Probe(String kind, String path, String port) {
    }

    @BeforeAll
    static void readApplication() throws IOException {
        keys = ConfigKeys.ofApplication();
        appProperties = new Properties();
        try (InputStream in = DeployManifestsTest.class.getResourceAsStream("/application.properties")) {
            appProperties.load(in);
        }
        launchers = Files.readString(Path.of("dmask")) + Files.readString(DEPLOY.resolve("dmask-entrypoint.sh"));
    }

    @Test
    void everySettingTheManifestsMakeIsAKeyTheApplicationReadsAtRunTime() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Container c : allContainers()) {
            for (Map.Entry<String, String> e : c.env().entrySet()) {
                checkVariable(c.where(), e.getKey(), c.env(), problems);
            }
        }
        for (Map.Entry<String, Map<String, String>> f : dockerfileEnv().entrySet()) {
            for (String name : f.getValue().keySet()) {
                if (!READ_BY_THE_CONTAINER_RUNTIME.contains(name) || !f.getKey().endsWith(".gpu")) {
                    checkVariable(f.getKey(), name, f.getValue(), problems);
                }
            }
        }
        for (Map.Entry<String, String> e : systemdEnvironment().entrySet()) {
            checkVariable("deploy/dmask.service or dmask.env", e.getKey(), Map.of(), problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theScanFindsTheKeysItMustFindAndRefusesOnesThatDoNotExist() {
        // The check above is only as good as the key scan: it must know dmask's own keys, Quarkus's run-time keys
        // and map keys, and tell apart a key fixed at build time.
        assertEquals("dmask.deid.key-file", keys.forEnv("DMASK_DEID_KEY_FILE").orElseThrow().name());
        assertEquals("dmask.dimse.scp.ae.*.allowed-addresses",
                keys.forEnv("DMASK_DIMSE_SCP_AE_DMASK_ALLOWED_ADDRESSES").orElseThrow().name());
        assertTrue(keys.forEnv("QUARKUS_MANAGEMENT_HOST").orElseThrow().runtime());
        assertFalse(keys.forEnv("QUARKUS_MANAGEMENT_ENABLED").orElseThrow().runtime());
        assertEquals(Optional.empty(), keys.forEnv("DMASK_DEID_KEYFILE"));
        assertEquals(Optional.empty(), keys.forEnv("QUARKUS_MANAGEMENT_HOSTNAME"));
    }

    @Test
    void probesAskTheManagementInterfaceWhereItAnswers() throws IOException {
        String live = healthPath("quarkus.smallrye-health.liveness-path");
        String ready = healthPath("quarkus.smallrye-health.readiness-path");
        List<String> problems = new ArrayList<>();
        List<Container> k8s = kubernetesContainers();
        assertFalse(k8s.isEmpty(), "no dmask container in deploy/k8s");
        for (Container c : k8s) {
            assertFalse(c.probes().isEmpty(), c.where() + ": no probes");
            int management = effectiveInt(c, "quarkus.management.port");
            String host = effective(c, "quarkus.management.host");
            if (host.startsWith("127.") || host.equals("localhost") || host.equals("::1")) {
                problems.add(c.where() + ": the management interface listens on " + host
                        + ", which the kubelet's probes cannot reach: set QUARKUS_MANAGEMENT_HOST");
            }
            for (Probe p : c.probes()) {
                Integer port = p.port().matches("[0-9]+") ? Integer.valueOf(p.port()) : c.ports().get(p.port());
                if (port == null || port != management) {
                    problems.add(c.where() + ": " + p.kind() + " probe on port " + p.port() + ", management is on "
                            + management);
                }
                String expected = p.kind().equals("readiness") ? ready : live;
                if (!p.path().equals(expected)) {
                    problems.add(c.where() + ": " + p.kind() + " probe asks " + p.path() + ", expected " + expected);
                }
            }
        }
        for (Container c : composeContainers()) {
            assertEquals(1, c.probes().size(), c.where() + ": one health check");
            Probe p = c.probes().get(0);
            assertEquals(ready, p.path(), c.where());
            assertEquals(String.valueOf(effectiveInt(c, "quarkus.management.port")), p.port(), c.where());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void portsAreTheOnesTheApplicationListensOn() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Container c : kubernetesContainers()) {
            Map<String, Integer> expected = listening(c);
            for (Map.Entry<String, Integer> p : c.ports().entrySet()) {
                Integer want = expected.get(p.getKey());
                if (want == null) {
                    problems.add(c.where() + ": port " + p.getKey() + " is none of " + expected.keySet());
                } else if (!want.equals(p.getValue())) {
                    problems.add(c.where() + ": port " + p.getKey() + " is " + p.getValue() + ", dmask listens on "
                            + want);
                }
            }
        }
        // Each Service selects a Deployment's pods and forwards to a port their dmask container declares.
        List<Map<String, Object>> docs = kubernetesDocuments();
        int services = 0;
        for (Map<String, Object> svc : docs) {
            if (!"Service".equals(svc.get("kind"))) {
                continue;
            }
            services++;
            Map<String, Object> spec = map(svc.get("spec"));
            Map<String, Object> selector = map(spec.get("selector"));
            List<Container> selected = kubernetesContainers().stream()
                    .filter(c -> c.labels().entrySet().containsAll(selector.entrySet())).toList();
            String name = String.valueOf(map(svc.get("metadata")).get("name"));
            if (selected.isEmpty()) {
                problems.add("Service " + name + " selects no dmask pod (" + selector + ")");
            }
            for (Object o : list(spec.get("ports"))) {
                String target = String.valueOf(map(o).get("targetPort"));
                for (Container c : selected) {
                    if (!c.ports().containsKey(target) && !c.ports().containsValue(parseIntOr(target, -1))) {
                        problems.add("Service " + name + ": targetPort " + target + " is not a port of " + c.where());
                    }
                    if (target.equals("management") || parseIntOr(target, -1) == effectiveInt(c,
                            "quarkus.management.port")) {
                        problems.add("Service " + name + " exposes the management port (health and metrics, no login)");
                    }
                }
            }
        }
        assertTrue(services > 0, "deploy/k8s has no Service");
        for (Container c : composeContainers()) {
            Map<String, Integer> expected = listening(c);
            for (int port : c.ports().values()) {
                if (port == effectiveInt(c, "quarkus.management.port")) {
                    problems.add(c.where() + " publishes the management port (health and metrics, no login)");
                } else if (!expected.containsValue(port)) {
                    problems.add(c.where() + " publishes container port " + port + ", dmask listens on " + expected);
                }
            }
        }
        for (Path dockerfile : dockerfiles()) {
            Map<String, Integer> defaults = listening(new Container("", Map.of(), Map.of(), List.of(), Map.of()));
            for (String line : instructions(dockerfile, "EXPOSE")) {
                for (String port : line.trim().split("\\s+")) {
                    if (!defaults.containsValue(Integer.valueOf(port))) {
                        problems.add(dockerfile + ": EXPOSE " + port + " is none of dmask's ports " + defaults);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noSecretValueIsCommitted() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : kubernetesDocuments()) {
            if ("Secret".equals(doc.get("kind"))) {
                problems.add("deploy/k8s holds a Secret (" + map(doc.get("metadata")).get("name")
                        + "): the operator creates it, its values are never committed");
            }
        }
        // Secret keys by value: a setting whose key is a key, password, secret or token is never given a literal.
        List<Map.Entry<String, Map<String, String>>> envs = new ArrayList<>();
        for (Container c : allContainers()) {
            envs.add(Map.entry(c.where(), c.env()));
        }
        envs.addAll(dockerfileEnv().entrySet());
        envs.add(Map.entry("deploy/dmask.service or dmask.env", systemdEnvironment()));
        for (Map.Entry<String, Map<String, String>> e : envs) {
            for (Map.Entry<String, String> v : e.getValue().entrySet()) {
                String key = keys.forEnv(v.getKey()).map(ConfigKeys.Key::name).orElse("");
                boolean secret = key.matches(".*[.-](key|password|secret|token)");
                String value = v.getValue();
                if (secret && value != null && !value.isEmpty() && !value.equals("...")) {
                    problems.add(e.getKey() + ": " + v.getKey() + " is given a value; a secret comes from a file "
                            + "or a Secret");
                }
            }
        }
        // Nothing that looks like a key: base64 of 32 bytes (what dmask generates), or a PEM private key.
        Pattern key32 = Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=");
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.startsWith(DEPLOY.resolve("secrets")) || f.toString().endsWith(".json")) {
                    continue; // the operator's own secrets (ignored by git), and the Grafana dashboard
                }
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (key32.matcher(text).find() || text.contains("PRIVATE KEY-----")) {
                    problems.add(f + " holds what looks like a key");
                }
            }
        }
        // The compose demo's secrets are files the operator makes, in a folder git and docker build never take.
        Map<String, Object> compose = compose();
        for (Map.Entry<String, Object> s : map(compose.get("secrets")).entrySet()) {
            String file = String.valueOf(map(s.getValue()).get("file"));
            if (!file.startsWith("./secrets/")) {
                problems.add("compose.yaml: secret " + s.getKey() + " comes from " + file + ", not ./secrets/");
            }
        }
        assertTrue(Files.readString(Path.of(".gitignore")).lines().anyMatch(l -> l.equals("deploy/secrets/")),
                ".gitignore must ignore deploy/secrets/");
        List<String> dockerignore = Files.readString(Path.of(".dockerignore")).lines().toList();
        assertTrue(dockerignore.contains("deploy/secrets/") && dockerignore.contains("data/"),
                ".dockerignore must keep deploy/secrets/ and data/ (keys) out of the build context");
        // The Secret the pods mount is one deploy/README.md tells how to create.
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        for (Map<String, Object> doc : kubernetesDocuments()) {
            for (Map<String, Object> volume : podVolumes(doc)) {
                if (volume.get("secret") != null) {
                    String name = String.valueOf(map(volume.get("secret")).get("secretName"));
                    if (!readme.contains("kubectl -n dmask create secret generic " + name)) {
                        problems.add("deploy/README.md does not say how to create the Secret " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theSystemdUnitStartsWhatTheBuildMakes() throws IOException {
        String unit = Files.readString(DEPLOY.resolve("dmask.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+)(.*)$").matcher(unit);
        assertTrue(exec.find(), "dmask.service has no ExecStart");
        Path program = Path.of(exec.group(1));
        assertTrue(program.isAbsolute() && Files.isExecutable(program),
                "ExecStart runs " + program + ", which is not an executable here (a Debian JDK 17 installs it)");
        List<String> args = List.of(exec.group(2).trim().split("\\s+"));
        int jar = args.indexOf("-jar");
        assertTrue(jar >= 0, "ExecStart: no -jar");
        Path jarPath = Path.of(args.get(jar + 1));
        // The jar the build makes and ./dmask runs; the README's install step puts that folder where the unit looks.
        Matcher launcherJar = Pattern.compile("JAR=\"\\$DMASK_HOME/(\\S+)\"").matcher(launchers);
        assertTrue(launcherJar.find());
        Path built = Path.of(launcherJar.group(1));
        assertEquals(built.getFileName(), jarPath.getFileName());
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(built.getParent() + "/. " + jarPath.getParent() + "/")
                        || readme.contains(built.getParent() + " " + jarPath.getParent()),
                "README.md does not copy " + built.getParent() + " to " + jarPath.getParent());
        // The command it runs is one of dmask's.
        String command = args.get(jar + 2);
        Set<String> commands = new TreeSet<>();
        for (Class<?> c : Dmask.class.getAnnotation(Command.class).subcommands()) {
            commands.add(c.getAnnotation(Command.class).name());
        }
        assertTrue(commands.contains(command), command + " is none of " + commands);
        // ProtectSystem=strict: every path the environment names must be writable, or the first start fails.
        Matcher rw = Pattern.compile("(?m)^ReadWritePaths=(.*)$").matcher(unit);
        assertTrue(rw.find());
        List<String> writable = List.of(rw.group(1).trim().split("\\s+"));
        for (Map.Entry<String, String> e : systemdEnvironment().entrySet()) {
            String v = e.getValue();
            if (v != null && v.startsWith("/") && !v.startsWith("/etc/") && keys.forEnv(e.getKey()).isPresent()
                    && !e.getKey().endsWith("_RULES") && writable.stream().noneMatch(w -> v.startsWith(w + "/"))) {
                fail(e.getKey() + "=" + v + " is outside ReadWritePaths " + writable);
            }
        }
    }

    @Test
    void theRulesTheManifestsShipAreValidAndReachTheirArchive() throws IOException {
        Set<String> profiles;
        try (InputStream in = ProfileLoader.class.getResourceAsStream("profiles.yaml")) {
            profiles = ProfileLoader.parse("profiles.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .keySet();
        }
        RuleParser parser = new RuleParser(profiles);
        String demo = Files.readString(DEPLOY.resolve("demo-rules/rules.yaml"));
        RuleSet demoRules = parser.parse("deploy/demo-rules/rules.yaml", demo);
        assertFalse(demoRules.toString().isEmpty());
        for (Map<String, Object> doc : kubernetesDocuments()) {
            if ("ConfigMap".equals(doc.get("kind")) && map(doc.get("data")).containsKey("rules.yaml")) {
                parser.parse("ConfigMap rules.yaml", String.valueOf(map(doc.get("data")).get("rules.yaml")));
            }
        }
        // The demo's dicom: target is the compose service Orthanc, on the AE title and port it is configured with.
        Map<String, Object> services = map(compose().get("services"));
        Matcher t = Pattern.compile("dicom:(\\w+)@([\\w.-]+):(\\d+)").matcher(demo);
        assertTrue(t.find(), "the demo's rules send nowhere by DICOM");
        Map<String, Object> archive = map(services.get(t.group(2)));
        assertFalse(archive.isEmpty(), "the demo's target host " + t.group(2) + " is no compose service");
        Map<String, String> env = environment(archive.get("environment"));
        assertEquals(env.get("ORTHANC__DICOM_AET"), t.group(1), "the demo's AE title is not Orthanc's");
        assertEquals(env.get("ORTHANC__DICOM_PORT"), t.group(3), "the demo's port is not Orthanc's DICOM port");
    }

    @Test
    void kustomizationsNameEveryManifestAndNothingMissing() throws IOException {
        Set<Path> listed = new TreeSet<>();
        for (Path k : List.of(K8S, K8S.resolve("base"), K8S.resolve("gpu"))) {
            Map<String, Object> kustomization = yaml(k.resolve("kustomization.yaml")).get(0);
            for (Object r : list(kustomization.get("resources"))) {
                Path p = k.resolve(String.valueOf(r)).normalize();
                assertTrue(Files.exists(p), k + "/kustomization.yaml: " + r + " does not exist");
                listed.add(p);
            }
            for (Object patch : list(kustomization.get("patches"))) {
                Path p = k.resolve(String.valueOf(map(patch).get("path"))).normalize();
                assertTrue(Files.exists(p), k + ": patch " + p + " does not exist");
                listed.add(p);
            }
        }
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                if (!f.getFileName().toString().equals("kustomization.yaml")) {
                    assertTrue(listed.contains(f.normalize()), f + " is in no kustomization");
                }
            }
        }
    }

    @Test
    void imagesBuildWithTheWrapperRunAsAUserAndCopyOnlyWhatExists() throws IOException {
        for (Path dockerfile : dockerfiles()) {
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("./mvnw "), dockerfile + ": not built with the Maven wrapper");
            assertTrue(text.contains("dmask models install"), dockerfile + ": models not installed at build time");
            List<String> users = instructions(dockerfile, "USER");
            assertFalse(users.isEmpty(), dockerfile + ": no USER");
            String user = users.get(users.size() - 1).trim();
            assertFalse(user.equals("root") || user.startsWith("0"), dockerfile + ": runs as root");
            // Starting the application at build time makes a login cookie key in data/keys of the folder it runs
            // in; left there it would be one key shared by every container of the image.
            for (String run : instructions(dockerfile, "RUN")) {
                if (run.contains("dmask models install")) {
                    Matcher cd = Pattern.compile("cd (\\S+) ").matcher(run);
                    boolean cleaned = cd.find()
                            && run.matches("(?s).*rm -rf [^&]*" + Pattern.quote(cd.group(1)) + "/data\\b.*");
                    assertTrue(cleaned, dockerfile + ": the RUN that starts dmask must run in a folder, then remove "
                            + "its data/");
                }
            }
            for (String copy : instructions(dockerfile, "COPY")) {
                if (copy.contains("--from=")) {
                    continue;
                }
                String[] parts = copy.trim().split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    assertTrue(Files.exists(Path.of(parts[i])), dockerfile + ": COPY " + parts[i] + " does not exist");
                }
            }
        }
        String gpu = Files.readString(DEPLOY.resolve("Dockerfile.gpu"));
        assertTrue(gpu.contains("-Pgpu"), "the GPU image must build ONNX Runtime's CUDA variant");
        assertTrue(gpu.matches("(?s).*FROM nvidia/cuda:12\\.[^\\n]*runtime.*"),
                "the GPU image needs a CUDA 12 runtime");
        assertTrue(gpu.contains("/usr/share/glvnd/egl_vendor.d/10_nvidia.json"), "the NVIDIA EGL vendor file");
        assertTrue(dockerfileEnv().get(DEPLOY.resolve("Dockerfile.gpu").toString())
                .getOrDefault("NVIDIA_DRIVER_CAPABILITIES", "").contains("graphics"), "EGL needs capability graphics");
    }

    // ---- the application's side

    private void checkVariable(String where, String name, Map<String, String> sameContainer, List<String> problems) {
        if (name.startsWith("DMASK_") || name.startsWith("QUARKUS_")) {
            Optional<ConfigKeys.Key> key = keys.forEnv(name);
            if (key.isPresent()) {
                if (!key.get().runtime()) {
                    problems.add(where + ": " + name + " sets " + key.get().name() + ", which is fixed at build time");
                }
                return;
            }
            if (CLUSTER_KEYS_DEFINED_BY_THE_CLUSTER_CODE.stream()
                    .anyMatch(k -> ConfigKeys.envPattern(k).matcher(name).matches())) {
                return;
            }
            if (readByTheLaunchers(name)) {
                return;
            }
            problems.add(where + ": " + name + " is no configuration key of dmask or Quarkus, and neither the dmask "
                    + "script nor the container entry point reads it");
            return;
        }
        boolean usedByAnother = sameContainer.values().stream()
                .anyMatch(v -> v != null && v.contains("$(" + name + ")"));
        if (!usedByAnother && !readByTheLaunchers(name)) {
            problems.add(where + ": " + name + " is read by nothing dmask runs");
        }
    }

    private static boolean readByTheLaunchers(String name) {
        return Pattern.compile("\\$\\{?" + Pattern.quote(name) + "\\b").matcher(launchers).find();
    }

    /** A key's value in a container: its environment, else application.properties (no profile), else the default. */
    private static String effective(Container c, String key) {
        ConfigKeys.Key k = keys.property(key).orElseThrow(() -> new AssertionError("no key " + key));
        for (Map.Entry<String, String> e : c.env().entrySet()) {
            if (k.env().matcher(e.getKey()).matches() && ConfigKeys.envPattern(key).matcher(e.getKey()).matches()) {
                return e.getValue();
            }
        }
        String v = appProperties.getProperty(key);
        return v != null ? v : k.defaultValue().orElseThrow(() -> new AssertionError(key + " has no value"));
    }

    private static int effectiveInt(Container c, String key) {
        return Integer.parseInt(effective(c, key));
    }

    private static Map<String, Integer> listening(Container c) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("dicom", effectiveInt(c, "dmask.dimse.scp.port"));
        ports.put("http", effectiveInt(c, "quarkus.http.port"));
        ports.put("https", effectiveInt(c, "quarkus.http.ssl-port"));
        ports.put("management", effectiveInt(c, "quarkus.management.port"));
        return ports;
    }

    /** A health path on the management interface: its root, SmallRye Health's root, then the check's own path. */
    private static String healthPath(String key) {
        Container none = new Container("", Map.of(), Map.of(), List.of(), Map.of());
        String root = effective(none, "quarkus.management.root-path");
        String health = effective(none, "quarkus.smallrye-health.root-path");
        String check = effective(none, key);
        String base = health.startsWith("/") ? health : trimSlash(root) + "/" + health;
        return trimSlash(base) + "/" + check;
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // ---- reading the manifests

    private static List<Container> allContainers() throws IOException {
        List<Container> all = new ArrayList<>(kubernetesContainers());
        all.addAll(patchContainers());
        all.addAll(composeContainers());
        return all;
    }

    private static Map<String, Object> compose() throws IOException {
        return yaml(DEPLOY.resolve("compose.yaml")).get(0);
    }

    /** The compose services that run a dmask image. */
    private static List<Container> composeContainers() throws IOException {
        List<Container> out = new ArrayList<>();
        for (Map.Entry<String, Object> s : map(compose().get("services")).entrySet()) {
            Map<String, Object> service = map(s.getValue());
            if (!String.valueOf(service.get("image")).startsWith("dmask")) {
                continue;
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object p : list(service.get("ports"))) {
                String[] parts = String.valueOf(p).split(":");
                ports.put(String.valueOf(p), Integer.valueOf(parts[parts.length - 1].replace("/tcp", "")));
            }
            List<Probe> probes = new ArrayList<>();
            Map<String, Object> health = map(service.get("healthcheck"));
            for (Object word : list(health.get("test"))) {
                if (String.valueOf(word).startsWith("http")) {
                    URI u = URI.create(String.valueOf(word));
                    probes.add(new Probe("readiness", u.getPath(), String.valueOf(u.getPort())));
                }
            }
            out.add(new Container("compose.yaml service " + s.getKey(), environment(service.get("environment")),
                    ports, probes, Map.of()));
        }
        assertFalse(out.isEmpty(), "compose.yaml runs no dmask image");
        return out;
    }

    /** Every document of the manifests the kustomizations name, and the GPU patch. */
    private static List<Map<String, Object>> kubernetesDocuments() throws IOException {
        if (k8sDocuments == null) {
            k8sDocuments = readKubernetesDocuments();
        }
        return k8sDocuments;
    }

    private static List<Map<String, Object>> readKubernetesDocuments() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        Path base = K8S.resolve("base");
        for (Object r : list(yaml(base.resolve("kustomization.yaml")).get(0).get("resources"))) {
            docs.addAll(yaml(base.resolve(String.valueOf(r))));
        }
        Path gpu = K8S.resolve("gpu");
        for (Object patch : list(yaml(gpu.resolve("kustomization.yaml")).get(0).get("patches"))) {
            for (Map<String, Object> doc : yaml(gpu.resolve(String.valueOf(map(patch).get("path"))))) {
                doc.put("x-patch-of", "gpu");
                docs.add(doc);
            }
        }
        return docs;
    }

    private static List<Container> kubernetesContainers() throws IOException {
        List<Map<String, Object>> docs = kubernetesDocuments();
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        for (Map<String, Object> d : docs) {
            if ("ConfigMap".equals(d.get("kind"))) {
                Map<String, String> data = new LinkedHashMap<>();
                map(d.get("data")).forEach((k, v) -> data.put(k, String.valueOf(v)));
                configMaps.put(String.valueOf(map(d.get("metadata")).get("name")), data);
            }
        }
        List<Container> out = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            if (!"Deployment".equals(d.get("kind")) || d.containsKey("x-patch-of")) {
                continue;
            }
            Map<String, Object> template = map(map(d.get("spec")).get("template"));
            Map<String, String> labels = new LinkedHashMap<>();
            map(map(template.get("metadata")).get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            for (Object o : list(map(template.get("spec")).get("containers"))) {
                Map<String, Object> c = map(o);
                if (!String.valueOf(c.get("image")).startsWith("dmask")) {
                    continue;
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (Object ef : list(c.get("envFrom"))) {
                    String cm = String.valueOf(map(map(ef).get("configMapRef")).get("name"));
                    assertTrue(configMaps.containsKey(cm), "envFrom names a ConfigMap that is not there: " + cm);
                    env.putAll(configMaps.get(cm));
                }
                for (Object e : list(c.get("env"))) {
                    Map<String, Object> m = map(e);
                    env.put(String.valueOf(m.get("name")), m.containsKey("value") ? String.valueOf(m.get("value"))
                            : null);
                }
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (Object p : list(c.get("ports"))) {
                    Map<String, Object> m = map(p);
                    ports.put(String.valueOf(m.get("name")), ((Number) m.get("containerPort")).intValue());
                }
                List<Probe> probes = new ArrayList<>();
                for (String kind : List.of("startup", "liveness", "readiness")) {
                    Map<String, Object> probe = map(c.get(kind + "Probe"));
                    if (!probe.isEmpty()) {
                        Map<String, Object> get = map(probe.get("httpGet"));
                        assertFalse(get.isEmpty(), kind + " probe is not an HTTP GET");
                        probes.add(new Probe(kind, String.valueOf(get.get("path")), String.valueOf(get.get("port"))));
                    }
                }
                String where = "Deployment " + map(d.get("metadata")).get("name");
                out.add(new Container(where, env, ports, probes, labels));
            }
        }
        return out;
    }

    /** The GPU patch's containers: only their environment, which is checked like any other. */
    private static List<Container> patchContainers() throws IOException {
        List<Container> out = new ArrayList<>();
        for (Map<String, Object> d : kubernetesDocuments()) {
            if (d.containsKey("x-patch-of")) {
                for (Object o : list(map(map(map(d.get("spec")).get("template")).get("spec")).get("containers"))) {
                    Map<String, String> env = new LinkedHashMap<>();
                    for (Object e : list(map(o).get("env"))) {
                        env.put(String.valueOf(map(e).get("name")), String.valueOf(map(e).get("value")));
                    }
                    out.add(new Container("gpu patch of " + map(d.get("metadata")).get("name"), env, Map.of(),
                            List.of(), Map.of()));
                }
            }
        }
        return out;
    }

    private static List<Map<String, Object>> podVolumes(Map<String, Object> doc) {
        List<Map<String, Object>> out = new ArrayList<>();
        if ("Deployment".equals(doc.get("kind"))) {
            for (Object v : list(map(map(map(doc.get("spec")).get("template")).get("spec")).get("volumes"))) {
                out.add(map(v));
            }
        }
        return out;
    }

    private static List<Path> dockerfiles() {
        return List.of(DEPLOY.resolve("Dockerfile"), DEPLOY.resolve("Dockerfile.gpu"));
    }

    /** The arguments of every instruction of one kind, continuation lines joined. */
    private static List<String> instructions(Path dockerfile, String instruction) throws IOException {
        List<String> out = new ArrayList<>();
        String joined = Files.readString(dockerfile).replaceAll("\\\\\\n\\s*", " ");
        for (String line : joined.split("\\n")) {
            if (line.startsWith(instruction + " ")) {
                out.add(line.substring(instruction.length() + 1));
            }
        }
        return out;
    }

    private static Map<String, Map<String, String>> dockerfileEnv() throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Path f : dockerfiles()) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String args : instructions(f, "ENV")) {
                Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)").matcher(args);
                while (m.find()) {
                    env.put(m.group(1), m.group(2));
                }
            }
            out.put(f.toString(), env);
        }
        return out;
    }

    /** Environment= of the unit, and the lines of dmask.env, commented examples included (a typo there misleads). */
    private static Map<String, String> systemdEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher unit = Pattern.compile("(?m)^Environment=([A-Z0-9_]+)=(.*)$")
                .matcher(Files.readString(DEPLOY.resolve("dmask.service")));
        while (unit.find()) {
            env.put(unit.group(1), unit.group(2).trim());
        }
        Matcher file = Pattern.compile("(?m)^#? ?([A-Z][A-Z0-9_]+)=(.*)$")
                .matcher(Files.readString(DEPLOY.resolve("dmask.env")));
        while (file.find()) {
            env.put(file.group(1), file.group(2).trim());
        }
        assertFalse(env.isEmpty());
        return env;
    }

    private static Map<String, String> environment(Object env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else {
            for (Object o : list(env)) {
                String[] kv = String.valueOf(o).split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(new StringReader(Files.readString(file)))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static int parseIntOr(String s, int otherwise) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
