package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {

    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine commandLine = AgentMain.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.getSubcommands().values().forEach(sub -> sub.setErr(new PrintWriter(err, true)));
        return commandLine.execute(args);
    }

    @Test
    void shouldExitWithTwoAndOneLineNamingTheBadOption() {
        int exit = run("agent", "--bootstrap-servers", "127.0.0.1:9", "--host-id", "h1", "--outbox-max-bytes", "huge");

        assertThat(exit).isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(err.toString().strip()).isEqualTo(
                "fleetcompat-agent: Invalid value 'huge' for outbox.max.bytes: "
                        + "expected a size in bytes, optionally with suffix k, m or g");
    }

    @Test
    void shouldExitWithTwoForAMalformedKafkaProperty() {
        int exit = run("agent", "--bootstrap-servers", "127.0.0.1:9", "--host-id", "h1", "--kafka-property", "novalue");

        assertThat(exit).isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(err.toString()).contains("--kafka-property").contains("novalue").doesNotContain("\tat ");
    }

    @Test
    void shouldExitWithTwoNamingTheKeyWhenTheOutboxDirectoryIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        int exit = run("agent", "--bootstrap-servers", "127.0.0.1:9", "--host-id", "h1", "--policy-verify", "OFF",
                "--outbox-dir", file.toString(), "--policy-table-file", dir.resolve("table.json").toString());

        assertThat(exit).isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(err.toString()).contains("for outbox.dir: cannot be used as the outbox directory")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldExitWithTwoNamingTheKeyWhenThePolicyTableIsNotOne() throws IOException {
        Path table = Files.writeString(dir.resolve("table.json"), "{ not json");

        int exit = run("agent", "--bootstrap-servers", "127.0.0.1:9", "--host-id", "h1", "--policy-verify", "OFF",
                "--outbox-dir", dir.resolve("outbox").toString(), "--policy-table-file", table.toString());

        assertThat(exit).isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(err.toString()).contains("for policy.table.file: cannot be read as a policy table")
                .contains("move it away").doesNotContain("\tat ");
    }

    @Test
    void shouldListEverySettingAsAnOptionOfTheAgentCommand() {
        CommandLine agent = AgentMain.commandLine().getSubcommands().get("agent");

        assertThat(agent.getCommandSpec().options()).extracting(o -> o.longestName())
                .contains("--bootstrap-servers", "--host-id", "--xen-profile", "--fifo-built-in", "--outbox-dir",
                        "--outbox-max-bytes", "--outbox-fsync-policy", "--heartbeat-interval-ms",
                        "--hypercall-sample-rate", "--kafka-property", "--config", "--policy-verify",
                        "--policy-trusted-keys");
    }
}
