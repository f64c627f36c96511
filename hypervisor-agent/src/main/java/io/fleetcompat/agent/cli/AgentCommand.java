package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.bridge.SingleHostScenario;
import io.fleetcompat.agent.bridge.WireIdentities;
import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.config.ConfigException;
import io.fleetcompat.agent.config.ConfigKey;
import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.Scenario;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleetcompat-agent agent}: one host on the Xen model (identity, profile and FIFO build switch from the
 * settings) with the plumbing around it (outbox, publisher, policy table, heartbeats) until stopped by a signal.
 * With {@code --scenario} the host runs its one-host share of that scenario's workload ({@link SingleHostScenario})
 * under the policy from fleet.policy; without it the toolstack waits idle (heartbeats and policy table only), since
 * nothing outside the process drives it yet. Exits 1 on a fatal Kafka failure (e.g. not authorized), after which
 * the outbox still holds every unsent event.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the agent of one model-backed host: heartbeats, policy table, outbox publisher, and an optional scenario workload.")
public final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Option(names = ScenarioOption.NAME, paramLabel = "FILE|demo|small|story|race",
            description = "Drive this host with its one-host share of a scenario (demo, small or a JSON file). Default: idle.")
    String scenario;

    @Option(names = "--seed",
            description = "Seed of the workload. Default: the scenario's seed mixed with the host id.")
    Long seed;

    @Option(names = "--max-rate", paramLabel = "OPS_PER_SECOND",
            description = "Workload operations per second; 0 runs unpaced. Default: the scenario's rate divided by its hosts.")
    Double maxRate;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = AgentConfigFactory.fromSettings(ConfigOptions.settingsFrom(spec));
        HostIdentity host = WireIdentities.toModel(config.host());
        if (!config.host().fifoBuiltIn() && !host.profile().fifoBuildSwitch()) {
            throw new ConfigException(ConfigKey.FIFO_BUILT_IN.key(), "false",
                    "can be false only on a profile with a FIFO build switch (PROPOSED, UPSTREAM_NOW), not "
                            + host.profile());
        }
        return run(config, scenario == null ? ModelBackedHost.of(config.edgeFailsafe()) : workload(host, config));
    }

    private SingleHostWorkload workload(HostIdentity host, AgentConfig config) {
        Scenario share = SingleHostScenario.of(ScenarioOption.read(scenario), host);
        double rate = maxRate == null ? share.rates().opsPerSecond() : maxRate;
        if (!(rate >= 0 && Double.isFinite(rate))) {
            throw new ConfigException("--max-rate", String.valueOf(maxRate), "expected 0 (unpaced) or a positive rate");
        }
        long workloadSeed = seed != null ? seed : SingleHostScenario.seedFor(share.seed(), host.hostId());
        return new SingleHostWorkload(share, workloadSeed, rate == 0 ? Pacing.UNPACED : Pacing.maxRate(rate),
                config.edgeFailsafe());
    }

    /** Runs the host with {@code source} until a signal stops the JVM or a fatal Kafka failure occurs. */
    static int run(AgentConfig config, EventSource source) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AgentRuntime runtime = AgentRuntime.start(config, config.host().hostId());
        Thread hook = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.addHost(config.host(), source);
        LOG.info("Agent of host {} running ({} {})", config.host().hostId(), config.host().xenProfile(),
                config.host().fifoBuiltIn() ? "with FIFO" : "without FIFO");
        while (!stopped.await(HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
            if (runtime.fatalFailure().isPresent()) {
                System.err.println("fleetcompat-agent: stopping on a fatal Kafka failure: " + runtime.fatalFailure().get());
                Runtime.getRuntime().removeShutdownHook(hook);
                runtime.close();
                return 1;
            }
        }
        return 0;
    }
}
