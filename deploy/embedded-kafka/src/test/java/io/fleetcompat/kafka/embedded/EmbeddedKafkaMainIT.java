package io.fleetcompat.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the main class as the launcher will: a separate JVM, waiting for the ready line, stopped by SIGTERM. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaMainIT {

    private static final long READY_TIMEOUT_SECONDS = 90;
    private static final long EXIT_TIMEOUT_SECONDS = 60;
    // What a JVM whose shutdown hooks completed after SIGTERM exits with (128 + 15).
    private static final int SIGTERM_EXIT = 143;

    @Test
    void shouldPrintReadyLineAndStopCleanlyOnSigterm(@TempDir Path work) throws Exception {
        int port = FreePorts.consecutive(2);
        Path dataDir = work.resolve("kafka-data");
        Process process = launch(work, "--port", String.valueOf(port), "--data-dir", dataDir.toString());
        try {
            BlockingQueue<String> stdout = readLines(process);
            String ready = stdout.poll(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(ready).isEqualTo("KAFKA_READY bootstrap=127.0.0.1:" + port);
            ClusterAdmin.awaitBrokers("127.0.0.1:" + port, java.util.Map.of(), Set.of(0), java.time.Duration.ofSeconds(30));

            process.destroy();
            assertThat(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(process.exitValue()).isEqualTo(SIGTERM_EXIT);
            assertThat(drain(stdout)).as("nothing after the ready line").isEmpty();
            assertThat(dataDir.resolve("node-0/meta.properties")).exists();
            assertThat(FreePorts.isFree(port)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldExitWithCodeTwoAndOneUsageLineOnBadArguments(@TempDir Path work) throws Exception {
        Process process = launch(work, "--nodes", "5");
        try {
            assertThat(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(Files.readAllLines(work.resolve("stderr.txt"))).singleElement().asString()
                    .startsWith("error: --nodes must be 1 or 3, was 5.")
                    .contains("usage:");
            assertThat(process.getInputStream().readAllBytes()).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    private static Process launch(Path work, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                EmbeddedKafkaMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(work.resolve("stderr.txt").toFile())
                .start();
    }

    /** Lines of the child's stdout, read on a daemon thread so the child never blocks on a full pipe. */
    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // the child is gone; the assertions report what was read
            }
        }, "main-it-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static List<String> drain(BlockingQueue<String> lines) throws InterruptedException {
        // The reader thread may still be handing over the last bytes; a short pause is not a timing assertion.
        TimeUnit.MILLISECONDS.sleep(200);
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }
}
