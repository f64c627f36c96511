package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options of simulate (and agent's workload options) exit 2 with one line naming the option. */
class SimulateCommandTest {

    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine commandLine = AgentMain.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.getSubcommands().values().forEach(sub -> sub.setErr(new PrintWriter(err, true)));
        return commandLine.execute(args);
    }

    private String oneLine() {
        String text = err.toString().strip();
        assertThat(text).doesNotContain("\n").doesNotContain("\tat ").startsWith("fleetcompat-agent: ");
        return text;
    }

    @Test
    void shouldRefuseANegativeMaxRateNamingIt() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--max-rate", "-5"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--max-rate").contains("-5");
    }

    @Test
    void shouldRefuseAMaxRateThatIsNotANumberNamingIt() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--max-rate", "fast"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--max-rate").contains("fast");
    }

    @Test
    void shouldRefuseStepsAndDurationTogether() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--steps", "10", "--duration", "5"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--steps").contains("--duration");
    }

    @Test
    void shouldRefuseZeroHostsNamingTheOption() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--hosts", "0"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--hosts").contains("0");
    }

    @Test
    void shouldRefuseANegativeGuestCountNamingTheOption() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--guests-per-host", "-1"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--guests-per-host").contains("-1");
    }

    @Test
    void shouldRefuseFewerHostsThanTheScenarioHasGroups() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--hosts", "1"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--hosts").contains("fewer than the 2 host groups");
    }

    @Test
    void shouldRefuseAHostCountThatIsNotANumber() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--hosts", "many"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--hosts").contains("many");
    }

    @Test
    void shouldRefuseAScenarioThatCannotBeReadNamingTheOption() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--scenario", dir.resolve("nope.json").toString()))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--scenario").contains("nope.json");
    }

    @Test
    void shouldRefuseAnInvalidScenarioNamingItsKey() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"bad\", \"hosts\": [{\"name\": \"h\", \"profile\": \"PROPOSED\", \"count\": 0}],"
                + " \"guests\": [], \"rates\": {\"opsPerSecond\": 1, \"boot\": 1}}");

        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--scenario", file.toString()))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--scenario").contains("hosts[h].count");
    }

    @Test
    void shouldRefuseAControlGroupFractionOutsideZeroToOne() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--control-group-fraction", "1.5"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--control-group-fraction").contains("1.5");
    }

    @Test
    void shouldRefuseAPerHostProfileBecauseTheScenarioNamesTheHosts() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--xen-profile", "V5_SERIES"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--xen-profile");
    }

    @Test
    void shouldRefuseAnUnknownOptionInOneLine() {
        assertThat(run("simulate", "--bootstrap-servers", "127.0.0.1:9", "--max-rat", "5"))
                .isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("--max-rat");
    }

    @Test
    void shouldRefuseAnAgentWithoutFifoOnAProfileWithoutABuildSwitch() {
        assertThat(run("agent", "--bootstrap-servers", "127.0.0.1:9", "--host-id", "h1", "--xen-profile", "V5_SERIES",
                "--fifo-built-in", "false", "--policy-verify", "OFF")).isEqualTo(AgentMain.EXIT_CONFIG);
        assertThat(oneLine()).contains("fifo.built.in");
    }

    @Test
    void shouldRegisterSimulateWithEveryAgentSettingAndHv() {
        CommandLine root = AgentMain.commandLine();

        assertThat(root.getSubcommands()).containsKeys("agent", "simulate", "hv");
        assertThat(root.getSubcommands().get("simulate").getCommandSpec().options()).extracting(o -> o.longestName())
                .contains("--scenario", "--seed", "--duration", "--steps", "--max-rate", "--progress-interval",
                        "--control-group-fraction", "--offline-policy", "--drain-timeout", "--bootstrap-servers",
                        "--outbox-dir", "--policy-table-file", "--kafka-property", "--config");
        assertThat(root.getSubcommands().get("agent").getCommandSpec().options()).extracting(o -> o.longestName())
                .contains("--scenario", "--seed", "--max-rate");
    }
}
