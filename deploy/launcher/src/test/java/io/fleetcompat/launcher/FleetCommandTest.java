package io.fleetcompat.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FleetCommandTest {

    /** An empty "repository": no component is built there. */
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int fleet(String... args) {
        return FleetMain.run(args, home, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "hv", "agent", "simulate", "stream", "dashboard", "replay", "topics", "acls", "policy-keys"})
    void shouldPrintHelpForEverySubCommand(String subCommand) {
        int exit = fleet(subCommand, "--help");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("Usage: fleet " + subCommand);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldRejectAMissingSubCommandWithUsage() {
        int exit = fleet();

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("missing sub-command").contains("Usage: fleet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "launch", "demo --duration", "demo --duration soon", "demo --duration 0",
            "demo --kafka-port 70000", "demo --stream-port -1", "demo --bootstrap-servers nohostport",
            "demo --scenario /no/such/scenario.json", "demo --scenario sprint", "demo --dashboard-port 9000 --stream-port 9000",
            "demo --kafka-property nokeyvalue", "demo extra", "demo --control-group-fraction 1.5",
            "demo --control-group-fraction NaN", "demo --control-group-fraction some", "stream --port",
            "dashboard --port eighty", "topics", "topics --bootstrap-servers nohostport",
            "topics --bootstrap-servers k:9092 --partitions fleet.nothing=3",
            "topics --bootstrap-servers k:9092 --partitions fleet.events=0",
            "topics --bootstrap-servers k:9092 --replication-factor 0",
            "topics --bootstrap-servers k:9092 --command-config /no/such/client.properties",
            "demo --secure --bootstrap-servers k:9092", "demo --command-config /no/such/client.properties",
            "acls", "acls --bootstrap-servers nohostport", "acls --dry-run --agent-principal agent",
            "acls --dry-run --stream-application-id=",
            "policy-keys --key-id fleet-2026", "policy-keys --key-id bad/id --private-dir a --public-dir b", "demo --brokers 2",
            "demo --brokers 3 --bootstrap-servers k:9092", "demo --chaos --kafka-port 65532"})
    void shouldRejectBadArgumentsWithUsageAndNoStackTrace(String commandLine) {
        int exit = fleet(commandLine.split(" "));

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("fleet: ").contains("Usage: fleet")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldPrintEveryAclOfEveryComponentOnADryRun() {
        int exit = fleet("acls", "--dry-run", "--stream-principal", "User:stream-blue", "--stream-application-id",
                "fleet-stream-blue");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines()).hasSize(ComponentPrincipals.defaults().acls().size())
                .contains("fleet acls: User:agent ALLOW WRITE on TOPIC fleet.events from host *",
                        "fleet acls: User:agent ALLOW READ on TOPIC fleet.policy from host *",
                        "fleet acls: User:dashboard ALLOW WRITE on TOPIC fleet.commands from host *",
                        "fleet acls: User:stream-blue ALLOW WRITE on TOPIC fleet.policy from host *",
                        "fleet acls: User:stream-blue ALLOW WRITE on TRANSACTIONAL_ID fleet-stream-blue* (prefixed) from host *")
                .noneMatch(line -> line.startsWith("fleet acls: User:agent ALLOW WRITE on TOPIC fleet.policy"))
                .noneMatch(line -> line.startsWith("fleet acls: User:agent ALLOW WRITE on TOPIC fleet.commands"));
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream", "dashboard", "agent", "simulate", "hv", "replay"})
    void shouldNameAComponentThatIsNotBuilt(String subCommand) {
        int exit = fleet(subCommand, "--some-component-option", "value");

        assertThat(exit).isEqualTo(ExitCodes.COMPONENT_MISSING);
        assertThat(err.toString()).startsWith("fleet: component " + subCommand + " (")
                .contains("is not built/available").contains("./mvnw -B -DskipTests install")
                .doesNotContain("Exception");
    }

    @Test
    void shouldListEveryMissingComponentBeforeStartingTheDemo() {
        int exit = fleet("demo", "--duration", "5", "--run-dir", home.resolve("run").toString());

        assertThat(exit).isEqualTo(ExitCodes.COMPONENT_MISSING);
        assertThat(err.toString()).contains("component stream (").contains("component dashboard (")
                .contains("component simulate (");
        assertThat(home.resolve("run")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "agent --host-id h1 -Dlevel=debug --help; -Dlevel=debug|--|--host-id|h1|--help|",
            "agent -- --help; --|--help|",
            "hv -- --script x; --|--script|x|",
            "stream --port 9001 -Dkafka-streams.x=y --verbose; -Dkafka-streams.x=y|--|--verbose|"})
    void shouldPassComponentArgumentsThroughInOrder(String commandLine, String received) throws Exception {
        // A "component" that is a real executable: the launcher must hand it every argument unchanged.
        Path script = home.resolve("echo-args.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s|' \"$@\" > \"$(dirname \"$0\")/args.txt\"\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        Path components = home.resolve("components.properties");
        StringBuilder file = new StringBuilder();
        for (Component component : Component.values()) {
            file.append(component.key()).append(".command=").append(script).append(" ${jvmArgs} -- ${args}\n");
            file.append(component.key()).append(".artifact=\n");
        }
        Files.writeString(components, file);
        System.setProperty(ComponentCommands.OVERRIDE_PROPERTY, components.toString());
        try {
            int exit = fleet(commandLine.split(" "));

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(Files.readString(home.resolve("args.txt"))).isEqualTo(received);
        } finally {
            System.clearProperty(ComponentCommands.OVERRIDE_PROPERTY);
        }
    }
}
