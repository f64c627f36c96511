package io.fleetcompat.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentCommandsTest {

    @TempDir
    Path home;

    private ComponentCommands bundled() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ComponentCommands.class.getResourceAsStream(ComponentCommands.RESOURCE)) {
            properties.load(in);
        }
        return ComponentCommands.from(properties, home, "1.2.3", "/jdk/bin/java", "/launcher.jar");
    }

    private Path kafkaConfig() {
        return home.resolve("run/client-config/component.properties");
    }

    private CommandValues demoValues(Optional<Integer> port) {
        return CommandValues.forDemo("127.0.0.1:9092", port, home.resolve("state"), Optional.empty(), 7L,
                "http://127.0.0.1:8081", 60, 0.15, Optional.of(kafkaConfig()));
    }

    @Test
    void shouldBuildTheStreamCommandForTheDemo() throws IOException {
        LaunchCommand command = bundled().command(Component.STREAM, demoValues(Optional.of(8081)));

        assertThat(command.argv()).startsWith("/jdk/bin/java").contains(
                "-Dquarkus.http.port=8081",
                "-Dquarkus.kafka-streams.bootstrap-servers=127.0.0.1:9092",
                "-Dquarkus.kafka-streams.application-server=127.0.0.1:8081",
                "-Dfleet-stream.rollout.auto-approve=true",
                "-Dkafka-streams.state.dir=" + home.resolve("state"),
                "-Dquarkus.config.locations=" + kafkaConfig());
        assertThat(command.argv()).endsWith("-jar", home.resolve("fleet-stream/target/quarkus-app/quarkus-run.jar").toString());
        assertThat(command.healthUrl()).contains("http://127.0.0.1:8081/q/health/ready");
    }

    @Test
    void shouldLeaveOutTokensWhoseValuesAreUnknown() throws IOException {
        LaunchCommand command = bundled().command(Component.SIMULATE, demoValues(Optional.empty()));

        // No scenario value: the token is left out and the simulator's own default applies.
        assertThat(command.argv()).contains("simulate", "--bootstrap-servers=127.0.0.1:9092", "--seed=7",
                "--duration=60", "--control-group-fraction=0.15", "--heartbeat-interval-ms=10000",
                "--config=" + kafkaConfig()).noneMatch(token -> token.startsWith("--scenario"));
        assertThat(command.healthUrl()).isEmpty();
    }

    @Test
    void shouldAddTheDemoSettingsOnlyInTheDemo() throws IOException {
        LaunchCommand alone = bundled().command(Component.STREAM, CommandValues.passthrough(List.of("-Dx=y")));

        assertThat(alone.argv()).noneMatch(token -> token.startsWith("-Dfleet-stream."))
                .containsSubsequence("/jdk/bin/java", "-Dx=y", "-jar");
    }

    @Test
    void shouldPointTheDashboardAtTheStreamWithItsOwnKey() throws IOException {
        LaunchCommand command = bundled().command(Component.DASHBOARD, demoValues(Optional.of(8080)));

        assertThat(command.argv()).contains("-Dquarkus.http.port=8080", "-Dkafka.bootstrap.servers=127.0.0.1:9092",
                "-Dfleetcompat.stream.url=http://127.0.0.1:8081", "-Dquarkus.config.locations=" + kafkaConfig(),
                "-Dquarkus.profile=demo");
    }

    @Test
    void shouldNameNoSettingsFileAndNoDemoProfileWhenRunAlone() throws IOException {
        LaunchCommand command = bundled().command(Component.DASHBOARD, CommandValues.passthrough(List.of()));

        assertThat(command.argv()).noneMatch(token -> token.startsWith("-Dquarkus.config.locations"))
                .noneMatch(token -> token.startsWith("-Dquarkus.profile"));
    }

    @Test
    void shouldPutSystemPropertiesBeforeTheJarAndArgumentsAfterIt() throws IOException {
        LaunchCommand command = bundled().command(Component.AGENT,
                CommandValues.passthrough(List.of("--host-id", "h1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug")));

        assertThat(command.argv()).containsExactly("/jdk/bin/java", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-jar", home.resolve("hypervisor-agent/target/hypervisor-agent-1.2.3.jar").toString(),
                "agent", "--host-id", "h1");
    }

    @Test
    void shouldRunTheBrokerFromTheLaunchersClasspath() throws IOException {
        LaunchCommand command = bundled().command(Component.BROKER, demoValues(Optional.of(19092)));

        assertThat(command.argv()).containsSubsequence("-cp", "/launcher.jar",
                "io.fleetcompat.kafka.embedded.EmbeddedKafkaMain", "--port", "19092", "--data-dir")
                .containsSubsequence("--security", kafkaConfig().toString());
    }

    @Test
    void shouldRefuseAComponentWhoseArtifactIsMissingAndAcceptItOnceBuilt() throws IOException {
        ComponentCommands commands = bundled();

        assertThatThrownBy(() -> commands.requireAvailable(Component.DASHBOARD))
                .isInstanceOfSatisfying(LauncherException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.COMPONENT_MISSING))
                .hasMessageContaining("component dashboard (dashboard) is not built/available")
                .hasMessageContaining("dashboard/target/quarkus-app/quarkus-run.jar not found");

        Path jar = commands.artifact(Component.DASHBOARD).orElseThrow();
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);
        commands.requireAvailable(Component.DASHBOARD);
        commands.requireAvailable(Component.BROKER);
    }

    @Test
    void shouldRejectAnUnknownPlaceholder() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ComponentCommands.class.getResourceAsStream(ComponentCommands.RESOURCE)) {
            properties.load(in);
        }
        properties.setProperty("stream.command", "${java} -Dport=${prot} -jar ${artifact}");

        assertThatThrownBy(() -> ComponentCommands.from(properties, home, "1", "java", "cp"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("stream.command uses ${prot}");
    }
}
