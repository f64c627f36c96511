package io.fleetcompat.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An agent in a separate JVM on the test classpath; its stdout lines can be awaited, stderr goes to a file. */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final CompletableFuture<String> awaitedLine = new CompletableFuture<>();
    private final String awaitedPrefix;

    private AgentProcess(Process process, String awaitedPrefix) {
        this.process = process;
        this.awaitedPrefix = awaitedPrefix;
        Thread reader = new Thread(this::drainStdout, "agent-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args}; stdout lines starting with {@code awaitedPrefix} can be awaited. */
    static AgentProcess start(Class<?> mainClass, List<String> args, Path stderr, String awaitedPrefix) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath,
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
                mainClass.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
        return new AgentProcess(process, awaitedPrefix);
    }

    String awaitLine(Duration timeout) throws Exception {
        return awaitedLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook, no checkpoint, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void drainStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (awaitedPrefix != null && line.startsWith(awaitedPrefix)) {
                    awaitedLine.complete(line);
                }
            }
        } catch (IOException e) {
            awaitedLine.completeExceptionally(e);
        }
        awaitedLine.completeExceptionally(new IllegalStateException("agent process ended before printing " + awaitedPrefix));
    }

    /** SIGTERM (shutdown hook runs), then SIGKILL if it does not end in time. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
