package org.dmask.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests: KRaft mode (broker and controller in one node), in its own JVM started from the
 * Kafka jars on the test class path ({@code org.apache.kafka:kafka_2.13}, the clients' version). The storage is
 * formatted with Kafka's StorageTool, then {@code kafka.Kafka} runs on free loopback ports. {@link #stop()},
 * {@link #kill()} (SIGKILL) and {@link #start()} again keep the data folder and the ports, so clients reconnect to the
 * same bootstrap address and find their topics, offsets and records.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a new broker's storage under {@code dir} and starts it; returns once it answers clients. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        KafkaBroker b = new KafkaBroker(Files.createDirectories(dir), freePort(), freePort());
        b.format();
        b.start();
        return b;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("broker.log");
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    private void format() throws IOException, InterruptedException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "4");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // a consumer that died (kill -9) loses its partitions after this, not after the default 45 s
        p.setProperty("group.consumer.session.timeout.ms", "6000");
        p.setProperty("group.consumer.min.session.timeout.ms", "3000");
        p.setProperty("group.consumer.heartbeat.interval.ms", "1000");
        p.setProperty("group.consumer.min.heartbeat.interval.ms", "500");
        try (var out = Files.newOutputStream(config())) {
            p.store(out, "dmask test broker (KRaft, one node)");
        }
        Process f = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                config().toString()).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
            f.destroyForcibly();
            throw new IOException("kafka StorageTool format failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    private ProcessBuilder java(String main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dlog4j2.level=WARN", "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Starts the broker on its data folder and ports; returns once a client can describe the cluster. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = java("kafka.Kafka", config().toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited with " + process.exitValue() + ": " + tail());
            }
            if (listening()) {
                try (Admin admin = Admin.create(p)) {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    // not ready yet
                }
            }
            Thread.sleep(200);
        }
        throw new IOException("the Kafka broker did not answer within 120 s: " + tail());
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A clean shutdown (SIGTERM). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** kill -9. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    private String tail() {
        try {
            String s = Files.readString(log());
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
