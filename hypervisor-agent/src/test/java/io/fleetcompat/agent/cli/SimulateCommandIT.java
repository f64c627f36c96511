package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.bridge.SingleHostScenario;
import io.fleetcompat.agent.bridge.WireIdentities;
import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.policy.TestPolicyKeys;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.ScenarioFiles;
import io.fleetcompat.kafka.embedded.EmbeddedKafkaCluster;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DomainCreated;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The two ways to run model-backed hosts against a real broker: {@code simulate} from the CLI, and agent's workload. */
class SimulateCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private EmbeddedKafkaCluster kafka;

    @BeforeEach
    void startBroker() {
        kafka = new EmbeddedKafkaCluster(1, Map.of()).start();
        kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic(3, (short) 1)).toList());
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldRunTheSmallScenarioFromTheCommandLineAndReportADrainedOutbox() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AgentMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("simulate", "--scenario", "small", "--steps", "2000", "--max-rate", "0",
                "--offline-policy", "--progress-interval", "0", "--drain-timeout", "60",
                "--bootstrap-servers", kafka.bootstrapServers(), "--outbox-dir", dir.resolve("outbox").toString(),
                "--policy-table-file", dir.resolve("table.json").toString(), "--heartbeat-interval-ms", "3600000");

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains("[simulate] done: scenario small, seed 7, 8 hosts, 60 guests, 2000 steps")
                .contains("policy source: offline authority")
                .contains("wave retire-legacy at step 300")
                .contains("outbox drained: 0 pending")
                .contains(" 0 refused");
    }

    @Test
    void shouldRunTheAgentsOneHostWithItsShareOfAScenarioUnderItsOwnIdentity() throws Exception {
        AgentConfig config = AgentConfigFactory.fromSettings(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "host.id", "agent-host-7",
                "xen.profile", "UPSTREAM_NOW",
                "fifo.built.in", "false",
                "outbox.dir", dir.resolve("outbox").toString(),
                "policy.table.file", dir.resolve("table.json").toString(),
                "policy.trusted.keys", TestPolicyKeys.writeTrustedKey(dir.resolve("trusted")).toString()));
        SingleHostWorkload workload = new SingleHostWorkload(SingleHostScenario.of(
                ScenarioFiles.resource(ScenarioFiles.SMALL), WireIdentities.toModel(config.host())), 3, Pacing.UNPACED);

        try (AgentRuntime runtime = AgentRuntime.start(config, config.host().hostId());
             HostEventsReader events = new HostEventsReader(kafka.bootstrapServers(), List.of(Topics.EVENTS.name()))) {
            runtime.addHost(config.host(), workload);

            Eventually.await("domains created by the agent's workload on Kafka", WAIT, () -> events.poll().stream()
                    .filter(seen -> seen.record() instanceof DomainCreated).count() >= 20);
            assertThat(events.poll()).allSatisfy(seen -> {
                assertThat(seen.header().getHostId()).isEqualTo("agent-host-7");
                assertThat(seen.header().getXenProfile()).isEqualTo(io.fleetcompat.schema.avro.XenProfile.UPSTREAM_NOW);
                assertThat(seen.header().getHostFifoBuiltIn()).isFalse();
            });
            assertThat(workload.emitted().queued()).isPositive();
        }
    }
}
