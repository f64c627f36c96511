package io.fleetcompat.launcher.demo;

import io.fleetcompat.launcher.LauncherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Bounded waits for a child to become ready: a line in its log, or HTTP 200 on its readiness URL. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** Waits for a log line starting with {@code prefix} and returns the rest of it. */
    static String awaitLogLine(ChildProcess child, String prefix, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> line = findLine(child.log(), prefix);
            if (line.isPresent()) {
                return line.get().substring(prefix.length()).trim();
            }
            checkAlive(child);
            if (Instant.now().isAfter(deadline)) {
                throw notReady(child, "printed no '" + prefix + "' within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until {@code url} answers 200. */
    static void awaitHttpOk(ChildProcess child, String url, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (answersOk(request)) {
                return;
            }
            checkAlive(child);
            if (Instant.now().isAfter(deadline)) {
                throw notReady(child, "was not ready at " + url + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static boolean answersOk(HttpRequest request) throws InterruptedException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;   // not listening yet
        }
    }

    private static void checkAlive(ChildProcess child) {
        if (!child.isAlive()) {
            throw notReady(child, "exited with code " + child.exitCode().orElse(-1) + " while starting");
        }
    }

    static LauncherException notReady(ChildProcess child, String what) {
        return LauncherException.failed(child.component().key() + " " + what + "; last lines of " + child.log()
                + ":\n  " + String.join("\n  ", child.tail(30)));
    }

    private static Optional<String> findLine(Path log, String prefix) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
