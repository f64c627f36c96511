package io.fleetcompat.faults.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One component in its own JVM, stdout and stderr appended to a log file (kept under target/fault-logs for the
 * failure message). {@link #kill()} is SIGKILL ({@code Process.destroyForcibly} on Linux): no shutdown hook, no flush.
 */
public final class ChildJvm {

    /**
     * Every child: the serial collector and C1 only. The runs are short and share two cores, where C2's compiler
     * threads at start-up would slow everyone down more than C2's code would speed them up.
     */
    private static final List<String> JVM_DEFAULTS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> argv;
    private final Path log;
    private Process process;

    private ChildJvm(String name, List<String> argv, Path log) {
        this.name = name;
        this.argv = List.copyOf(argv);
        this.log = log;
    }

    /** Starts {@code java <jvmAndArgs>} now. */
    static ChildJvm start(String name, List<String> jvmAndArgs, Path log) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(JVM_DEFAULTS);
        argv.addAll(jvmAndArgs);
        ChildJvm child = new ChildJvm(name, argv, log);
        child.launch();
        return child;
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "# " + String.join(" ", argv) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        awaitGone();
    }

    /** SIGTERM (shutdown hooks run), SIGKILL if it has not ended after {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Starts the same command line again (same ports, same directories), appending to the same log. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    /** The exit code once it ends by itself within {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not end within " + timeout + "; log " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        return process.exitValue();
    }

    /** Waits until the log has a line containing {@code text} after {@code fromLine}; returns that line. */
    public String awaitLogLine(String text, int fromLine, Duration timeout) {
        return awaitLogLine("'" + text + "'", line -> line.contains(text), fromLine, timeout);
    }

    /** Waits until the log has a line {@code matching} after {@code fromLine}; returns that line. */
    public String awaitLogLine(String what, java.util.function.Predicate<String> matching, int fromLine,
                               Duration timeout) {
        String[] found = new String[1];
        Awaitility.await(name + " logs " + what).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .failFast(name + " ended; log " + log, () -> !process.isAlive())
                .until(() -> {
                    List<String> lines = logLines();
                    for (int i = fromLine; i < lines.size(); i++) {
                        if (matching.test(lines.get(i))) {
                            found[0] = lines.get(i);
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** Waits until {@code url} answers 200. */
    public void awaitHttpOk(String url, Duration timeout) {
        Awaitility.await(name + " answers " + url).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .failFast(name + " ended; log " + log, () -> !process.isAlive())
                .until(() -> httpStatus(url) == 200);
    }

    public List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    static int httpStatus(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitGone() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
