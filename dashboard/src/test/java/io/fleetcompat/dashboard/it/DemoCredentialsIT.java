package io.fleetcompat.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 acceptance: the packaged dashboard ({@code java -jar quarkus-run.jar}, the prod profile) refuses to start
 * with the packaged demo session key or demo users, with one line naming the setting, and starts with its own.
 */
class DemoCredentialsIT {

    private static final Path JAR = Path.of(System.getProperty("it.dashboard.jar"));
    private static final String OWN_KEY = "this-deployments-own-session-key-0123456789";

    @TempDir
    Path workDir;

    @Test
    void shouldRefuseThePackagedSessionKeyInOneLine() throws Exception {
        assertRefused(start(List.of()), "quarkus.http.auth.session.encryption-key is the packaged demo key");
    }

    @Test
    void shouldRefuseThePackagedDemoUsersInOneLine() throws Exception {
        assertRefused(start(List.of("-Dquarkus.http.auth.session.encryption-key=" + OWN_KEY)),
                "quarkus.security.users.file.users (users.properties) gives the packaged demo users");
    }

    @Test
    void shouldStartWithItsOwnKeyAndUsers() throws Exception {
        // alice/wonderland, hashed as the realm reads it: HEX(MD5("alice:fleetcompat:wonderland"))
        Files.writeString(workDir.resolve("users.properties"), "alice=f227d42ba4456fff1d1fe4d4dfbdc058\n");
        Files.writeString(workDir.resolve("roles.properties"), "alice=viewer\n");
        Run run = start(List.of("-Dquarkus.http.auth.session.encryption-key=" + OWN_KEY));
        try {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(run.output()).contains("fleetcompat dashboard: http://"));
            assertThat(run.process.isAlive()).isTrue();
            assertThat(run.refusals()).isEmpty();
        } finally {
            run.process.destroy();
            run.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void assertRefused(Run run, String reason) throws Exception {
        assertThat(run.process.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(run.process.exitValue()).isNotZero();
        assertThat(run.refusals()).singleElement().asString().contains(reason);
        assertThat(run.output()).doesNotContain("\tat ");
    }

    private record Run(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }

        List<String> refusals() throws IOException {
            return output().lines().filter(line -> line.contains("refusing to start")).toList();
        }
    }

    private Run start(List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=0", "-Dkafka.bootstrap.servers=127.0.0.1:9"));
        command.addAll(settings);
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = workDir.resolve("dashboard-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Run(process, log);
    }
}
