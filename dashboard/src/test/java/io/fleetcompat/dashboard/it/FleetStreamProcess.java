package io.fleetcompat.dashboard.it;

import io.fleetcompat.schema.signing.PolicyKeyFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real fleet-stream application, started from its build output (fleet-stream/target/quarkus-app) as its own
 * process, the way ./fleet demo runs it: the dashboard's tests then see the rollouts its state machine publishes.
 * A separate process, not classes on this test's classpath: both are Quarkus apps with their own configuration.
 */
final class FleetStreamProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private FleetStreamProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts fleet-stream against {@code bootstrapServers} with a fresh application id and state directory, plus
     * {@code settings} as system properties, and waits until it reports ready.
     */
    static FleetStreamProcess start(String bootstrapServers, Map<String, String> settings) throws IOException {
        Path jar = Path.of(System.getProperty("it.fleet-stream.jar", "../fleet-stream/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("fleet-stream is not built: " + jar.toAbsolutePath()
                    + " is missing (run the whole build, e.g. ./mvnw verify, or package fleet-stream first)");
        }
        int port = freePort();
        Path dir = Files.createTempDirectory("dashboard-it-fleet-stream");
        Path log = Path.of(System.getProperty("it.logs.dir", "target")).resolve("fleet-stream-" + port + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.kafka-streams.bootstrap-servers=" + bootstrapServers,
                "-Dquarkus.kafka-streams.application-server=127.0.0.1:" + port,
                "-Dquarkus.kafka-streams.application-id=dashboard-it-" + UUID.randomUUID(),
                "-Dkafka-streams.state.dir=" + dir.resolve("state"),
                // fleet-stream signs every directive and refuses to start without a key: a throw-away one will do.
                "-Dfleet-stream.policy.signing.key-file=" + signingKey(dir)));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        FleetStreamProcess stream = new FleetStreamProcess(process, log, port);
        try {
            stream.awaitReady();
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    private static Path signingKey(Path dir) throws IOException {
        Path file = dir.resolve("dashboard-it.pem");
        PolicyKeyFiles.writePrivateKey(file, PolicyKeyFiles.generate().getPrivate());
        return file;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("fleet-stream exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for fleet-stream", e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("fleet-stream was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    /** Where its output goes, for a failing test's message. */
    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
