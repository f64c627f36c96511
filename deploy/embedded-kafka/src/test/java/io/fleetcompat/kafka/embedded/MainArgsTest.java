package io.fleetcompat.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainArgsTest {

    @Test
    void shouldDefaultToOneNodeOnPort9092WithTemporaryData() throws Exception {
        assertThat(MainArgs.parse()).isEqualTo(new MainArgs(9092, Optional.empty(), 1, Optional.empty(), false));
    }

    @Test
    void shouldReadEveryOption() throws Exception {
        MainArgs args = MainArgs.parse("--nodes", "3", "--data-dir", "target/kafka-data", "--port", "19092",
                "--security", "secrets/broker-security.properties");

        assertThat(args).isEqualTo(new MainArgs(19092, Optional.of(Path.of("target/kafka-data")), 3,
                Optional.of(Path.of("secrets/broker-security.properties")), false));
    }

    @Test
    void shouldReadOneNodeOfAClusterAndBrokerProperties() throws Exception {
        MainArgs args = MainArgs.parse("--nodes", "3", "--node", "2", "--data-dir", "d", "--port", "19092",
                "--broker-property", "listeners=A://x:1", "--broker-property", "min.insync.replicas=2");

        assertThat(args.node()).hasValue(2);
        assertThat(args.brokerProperties()).containsOnly(java.util.Map.entry("listeners", "A://x:1"),
                java.util.Map.entry("min.insync.replicas", "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--nodes 3 --node 3 --data-dir d", "--node 0", "--node x --data-dir d",
            "--broker-property novalue", "--broker-property =v"})
    void shouldRejectBadNodeOrBrokerProperties(String line) {
        assertThatThrownBy(() -> MainArgs.parse(line.split(" "))).isInstanceOf(MainArgs.UsageException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--nodes 2", "--port 0", "--port 70000", "--port abc", "--port", "--data-dir", "--port 9092 --port 9093",
            "--bogus", "9092", "--nodes 3 --port 65532", "--port --nodes 3", "--security"})
    void shouldRejectBadArguments(String line) {
        assertThatThrownBy(() -> MainArgs.parse(line.split(" "))).isInstanceOf(MainArgs.UsageException.class);
    }

    @Test
    void shouldExitWithCodeTwoAndOneUsageLineOnBadArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        OptionalInt exitCode = EmbeddedKafkaMain.launch(new String[] {"--nodes", "two"}, print(out), print(err));

        assertThat(exitCode).hasValue(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("error: --nodes needs a number, was 'two'.")
                .contains(MainArgs.USAGE);
    }

    @Test
    void shouldPrintUsageOnStdoutForHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        OptionalInt exitCode = EmbeddedKafkaMain.launch(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()));

        assertThat(exitCode).hasValue(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(MainArgs.USAGE + System.lineSeparator());
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
