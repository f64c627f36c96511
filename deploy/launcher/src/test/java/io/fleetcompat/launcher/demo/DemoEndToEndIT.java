package io.fleetcompat.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.launcher.Component;
import io.fleetcompat.launcher.ComponentCommands;
import io.fleetcompat.launcher.ExitCodes;
import io.fleetcompat.launcher.report.DemoReport;
import io.fleetcompat.launcher.report.ReportJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 and issue 13 acceptance: the demo path (embedded broker, topics, fleet-stream, dashboard, simulator as
 * child processes started from components.properties) with a small fleet, asserted from the report; run
 * {@code --secure} (TLS, a SCRAM login per component kind, ACLs on), which must not change the outcome, while
 * {@code ps} is watched for the secrets. Runs the artifacts the reactor packaged earlier in the same build (the
 * launcher's test-scoped dependencies order the modules); the repository root comes from failsafe as system
 * property fleet.home.
 */
class DemoEndToEndIT {

    /** The agent's small story: 12 hosts, 120 guests, the legacy hosts retired at 15 s. */
    private static final Path SMALL_SCENARIO = Path.of("hypervisor-agent/src/main/resources/scenarios/demo-small.json");
    private static final Duration FLEET_RUN = Duration.ofSeconds(45);
    private static final double CONTROL_GROUP = 0.2;

    @Test
    void shouldProtectGuestsThatWouldFailAndShowTheControlGroupsFailuresOnASecuredBroker(@TempDir Path runDir)
            throws Exception {
        Path home = Path.of(System.getProperty("fleet.home")).toAbsolutePath().normalize();
        ComponentCommands commands = ComponentCommands.load(home);
        for (Component component : new Component[] {Component.STREAM, Component.DASHBOARD, Component.SIMULATE}) {
            commands.requireAvailable(component);
        }
        Path reportFile = runDir.resolve("acceptance-report.json");
        DemoOptions options = new DemoOptions(Optional.of(FLEET_RUN), Optional.empty(),
                Optional.of(home.resolve(SMALL_SCENARIO).toString()), Optional.of(reportFile), runDir.resolve("run"),
                0, 0, 0, 42L, CONTROL_GROUP, Map.of(), true, Duration.ofSeconds(180));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit;
        List<String> commandLines;
        try (ProcessArguments ps = ProcessArguments.sampling()) {
            exit = new DemoRun(options, commands, new PrintWriter(out, true), new PrintWriter(err, true)).run();
            commandLines = ps.seen();
        }
        // The status lines and the report table, kept in the failsafe output (the run dir is deleted).
        System.out.print(out);

        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(ExitCodes.OK);
        DemoReport report = ReportJson.read(reportFile);
        assertThat(report.hazardsPredicted()).as("hazards predicted; report:%n%s", out).isPositive();
        assertThat(report.protectedGuests()).as("protected guests").isPositive();
        assertThat(report.resumeFailuresProtected()).as("resume failures among protected guests").isZero();
        assertThat(report.resumeFailuresControlGroup()).as("failures in the control group").isPositive();
        // Every directive fleet-stream signed with the demo's key verified at the simulated agents
        assertThat(report.policiesApplied()).as("directives applied").isPositive();
        assertThat(report.deadLettersByKind()).as("dead letters by kind").doesNotContainKey("POLICY_SIGNATURE");
        assertThat(report.allInstancePoliciesAcknowledged())
                .as("%d instance policies not acknowledged at a create", report.instancePoliciesUnacknowledged())
                .isTrue();
        // And the same outcome is plotted: the chart's legend ends at the report's numbers
        String html = Files.readString(runDir.resolve("run").resolve("report.html"));
        assertThat(html).contains("<svg", "resume failures, control group (policy withheld): "
                + report.resumeFailuresControlGroup());
        assertThat(Files.readString(runDir.resolve("run").resolve("timeline.csv"))).startsWith("seconds,hazards_predicted");
        assertNoSecretOnACommandLine(runDir.resolve("run"), commandLines);
    }

    /** No password of the run is in any process's arguments, nor in the command lines the logs start with. */
    private static void assertNoSecretOnACommandLine(Path run, List<String> commandLines) throws Exception {
        Properties secrets = new Properties();
        try (var reader = Files.newBufferedReader(run.resolve("secrets/secrets.properties"))) {
            secrets.load(reader);
        }
        List<String> passwords = secrets.stringPropertyNames().stream().filter(key -> key.startsWith("password."))
                .map(secrets::getProperty).toList();
        assertThat(passwords).as("broker, admin, agent, fleet-stream, dashboard").hasSize(5);
        assertThat(commandLines).as("ps saw the broker and every component while they ran")
                .anyMatch(line -> line.contains("EmbeddedKafkaMain") && line.contains("--security"))
                .anyMatch(line -> line.contains("fleet-stream/target/quarkus-app/quarkus-run.jar"))
                .anyMatch(line -> line.contains("dashboard/target/quarkus-app/quarkus-run.jar"))
                .anyMatch(line -> line.contains(" simulate "));
        for (String password : passwords) {
            assertThat(commandLines).as("command lines seen by ps").noneMatch(line -> line.contains(password));
            for (String log : List.of("broker.log", "stream.log", "dashboard.log", "simulate.log")) {
                assertThat(Files.readAllLines(run.resolve(log)).get(0)).as(log + "'s command line").doesNotContain(password);
            }
        }
    }
}
