package io.fleetcompat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetcompat.faults.support.FaultReport;
import io.fleetcompat.faults.support.Fleet;
import io.fleetcompat.launcher.ComponentCommands;
import io.fleetcompat.launcher.ExitCodes;
import io.fleetcompat.launcher.demo.DemoOptions;
import io.fleetcompat.launcher.demo.DemoRun;
import io.fleetcompat.launcher.report.DemoReport;
import io.fleetcompat.launcher.report.ReportJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 7: {@code ./fleet demo --chaos} on the small story with three embedded brokers: the demo SIGKILLs
 * fleet-stream, the simulated agents or a broker at random moments and restarts what died, and the report shows a quiet
 * run's outcome (no protected guest fails to resume) with every appended event folded once (the demo exits 1
 * otherwise) and the faults on the chart.
 */
class ChaosDemoIT {

    private static final Path SMALL_SCENARIO = Path.of("hypervisor-agent/src/main/resources/scenarios/demo-small.json");
    /** Room for the first SIGKILL (at 15 s) and its restart, then the quiet last 30 s in which everything drains. */
    private static final Duration FLEET_RUN = Duration.ofSeconds(60);

    @Test
    void shouldComeThroughRandomSigkillsWithTheQuietRunsOutcome(@TempDir Path runDir) throws Exception {
        FaultReport figures = new FaultReport("chaos-demo");
        Path home = Fleet.home();
        Path reportFile = runDir.resolve("report.json");
        DemoOptions options = new DemoOptions(Optional.of(FLEET_RUN), Optional.empty(),
                Optional.of(home.resolve(SMALL_SCENARIO).toString()), Optional.of(reportFile), runDir.resolve("run"),
                0, 0, 0, 42L, 0.2, Map.of(), false, Duration.ofSeconds(180), true, 3);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = new DemoRun(options, ComponentCommands.load(home), new PrintWriter(out, true),
                new PrintWriter(err, true)).run();
        System.out.print(out);

        // the delivery check passed (it makes the demo exit 1 otherwise) and the outcome is a quiet run's
        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(ExitCodes.OK);
        DemoReport report = ReportJson.read(reportFile);
        assertThat(report.resumeFailuresProtected()).as("resume failures among protected guests").isZero();
        JsonNode chaos = new ObjectMapper().readTree(runDir.resolve("run").resolve("chaos.json").toFile());
        long kills = 0;
        for (JsonNode fault : chaos.path("faults")) {
            kills += fault.path("what").asText().equals("SIGKILL") ? 1 : 0;
        }
        assertThat(kills).as("SIGKILLs; chaos.json %s", chaos).isPositive();
        assertThat(Files.readString(runDir.resolve("run").resolve("report.html"))).contains("class=\"mark\"");
        JsonNode delivery = chaos.path("delivery");
        figures.put("faults", chaos.path("faults").size()).put("SIGKILLs", kills)
                .put("appended", delivery.path("appended").asLong())
                .put("events lost", delivery.path("lostBeforeKafka").asLong() + delivery.path("lostInFold").asLong())
                .put("folded twice", delivery.path("foldedTwice").asLong())
                .put("duplicate policy versions", chaos.path("policyVersions").path("duplicates").size())
                .put("protected resume failures", report.resumeFailuresProtected()).write();
    }
}
