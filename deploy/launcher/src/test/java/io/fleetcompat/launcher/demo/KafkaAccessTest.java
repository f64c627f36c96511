package io.fleetcompat.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.launcher.CommandValues;
import io.fleetcompat.launcher.Component;
import io.fleetcompat.launcher.ComponentCommands;
import io.fleetcompat.launcher.LaunchCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client settings, secrets among them, reach each component in a file in its own key syntax, never as arguments. */
class KafkaAccessTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"fleet\" password=\"s3cr3t-on-no-command-line\";";

    @TempDir
    Path runDir;

    @Test
    void shouldWriteEachComponentsSettingsWithItsPrefixToAnOwnerOnlyFileNamedOnItsCommandLine() throws IOException {
        ComponentCommands commands = bundled();
        KafkaAccess access = KafkaAccess.prepare(options(false), commands);

        for (Component component : new Component[] {Component.STREAM, Component.DASHBOARD, Component.SIMULATE}) {
            Path file = access.componentConfig(component).orElseThrow();
            LaunchCommand command = commands.command(component, CommandValues.forDemo("127.0.0.1:9092", Optional.of(8081),
                    runDir.resolve("state"), Optional.empty(), 1L, "http://127.0.0.1:8081", 60, 0.1, Optional.of(file)));

            assertThat(read(file)).as(component.key()).containsEntry(commands.kafkaPrefix(component) + "sasl.jaas.config", JAAS)
                    .containsEntry(commands.kafkaPrefix(component) + "security.protocol", "SASL_SSL");
            assertThat(String.join(" ", command.argv())).as(component.key()).doesNotContain("s3cr3t")
                    .contains(file.toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(commands.kafkaPrefix(Component.STREAM)).isEqualTo("kafka-streams.");
        assertThat(commands.kafkaPrefix(Component.DASHBOARD)).isEqualTo("kafka.");
        assertThat(access.launcherSettings()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(access.brokerConfig()).isEmpty();
    }

    @Test
    void shouldGiveEachComponentKindItsOwnLoginWhenSecure() throws IOException {
        ComponentCommands commands = bundled();
        KafkaAccess access = KafkaAccess.prepare(options(true), commands);

        assertThat(read(access.componentConfig(Component.SIMULATE).orElseThrow()).get("kafka.sasl.jaas.config"))
                .contains("username=\"agent\"");
        assertThat(read(access.componentConfig(Component.STREAM).orElseThrow()).get("kafka-streams.sasl.jaas.config"))
                .contains("username=\"fleet-stream\"");
        assertThat(read(access.componentConfig(Component.DASHBOARD).orElseThrow()).get("kafka.sasl.jaas.config"))
                .contains("username=\"dashboard\"");
        assertThat(access.launcherSettings().get("sasl.jaas.config")).contains("username=\"admin\"");
        assertThat(access.brokerConfig()).contains(runDir.resolve("secrets/broker-security.properties"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.resolve("secrets"))))
                .isEqualTo("rwx------");
    }

    private DemoOptions options(boolean secure) {
        return new DemoOptions(Optional.of(Duration.ofSeconds(5)), Optional.empty(), Optional.empty(), Optional.empty(),
                runDir, 0, 0, 0, 1L, 0.1, Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS), secure,
                Duration.ofSeconds(10));
    }

    private ComponentCommands bundled() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ComponentCommands.class.getResourceAsStream("components.properties")) {
            properties.load(in);
        }
        return ComponentCommands.from(properties, runDir, "1", "/jdk/bin/java", "/launcher.jar");
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }
}
