package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.config.AgentConfig;
import io.fleetcompat.agent.config.AgentConfigFactory;
import io.fleetcompat.agent.config.ConfigException;
import io.fleetcompat.agent.config.ConfigKey;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.RunLimit;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.ScenarioScaling;
import io.fleetcompat.agent.sim.SimulationSummary;
import io.fleetcompat.schema.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleetcompat-agent simulate}: the scenario's hosts in this process on one shared runtime (one outbox,
 * one producer, one policy consumer), each with its own sink, sequence and heartbeats. Prints a progress line,
 * then waits (bounded) for the outbox to drain and prints the summary. Exit 0 when done, 1 on a fatal Kafka
 * failure, 2 for a bad option.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a fleet of hosts and guests, with events to Kafka and policy from fleet.policy.")
public final class SimulateCommand implements Callable<Integer> {

    /** Simulate's own defaults for settings whose agent defaults would mix state with an agent's. */
    private static final Map<ConfigKey, String> SIMULATE_DEFAULTS = Map.of(
            ConfigKey.HOST_ID, "simulate",
            ConfigKey.OUTBOX_DIR, "simulate-state/outbox",
            ConfigKey.POLICY_TABLE_FILE, "simulate-state/policy-table.json");

    /** Bound on the wait for the hosts' first heartbeats before the first operation. */
    private static final Duration HEARTBEAT_WAIT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Option(names = ScenarioOption.NAME, paramLabel = "FILE|demo|small|story|race", defaultValue = "demo",
            description = "Scenario: demo (200 hosts, 5,000 guests), small (8 hosts, 60 guests), story (80 hosts, "
                    + "1,500 guests, the one-minute ./fleet demo), race (the story with images resting 0-2 s and the legacy hosts "
                    + "retired at 4 s) or a JSON file. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--seed", description = "Seed of every simulated decision. Default: the scenario's seed.")
    Long seed;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Wall-clock run time in seconds. Default: 60 when --steps is not given.")
    Long durationSeconds;

    @Option(names = "--steps", description = "Number of simulated operations to run (instead of --duration).")
    Long steps;

    @Option(names = "--max-rate", paramLabel = "OPS_PER_SECOND",
            description = "At most this many operations per second of wall time; 0 runs unpaced. Default: the scenario's opsPerSecond.")
    Double maxRate;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between two progress lines on stderr; 0 prints none. Default: ${DEFAULT-VALUE}.")
    long progressIntervalSeconds;

    @Option(names = "--control-group-fraction", paramLabel = "FRACTION",
            description = "Share of guests in the control group, in [0, 1]. Default: the scenario's.")
    Double controlGroupFraction;

    @Option(names = "--offline-policy",
            description = "Decide policy in-process (deny FIFO to FIFO-aware guests hibernated 2-level) instead of reading fleet.policy; for demos without fleet-stream.")
    boolean offlinePolicy;

    @Option(names = "--hosts", paramLabel = "N",
            description = "Resize the scenario to N hosts: its host groups keep their proportions, and its guests "
                    + "scale with the hosts unless --guests-per-host is given. Default: the scenario's own.")
    Integer hosts;

    @Option(names = "--guests-per-host", paramLabel = "M",
            description = "Give the scenario M guests per host, its guest groups keeping their proportions. "
                    + "Default: the scenario's own.")
    Integer guestsPerHost;

    @Option(names = "--stream-application-id", paramLabel = "ID", defaultValue = "fleet-stream",
            description = "fleet-stream's application id: each progress line shows its consumer group's lag on "
                    + "fleet.events and whether it keeps up. Default: ${DEFAULT-VALUE}.")
    String streamApplicationId;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds to wait at the end for Kafka to acknowledge the outbox. Default: ${DEFAULT-VALUE}.")
    long drainTimeoutSeconds;

    @Option(names = "--ledger-file", paramLabel = "FILE",
            description = "At the end, write each host's last appended sequence and what is still pending (JSON), "
                    + "for end-to-end delivery checks.")
    Path ledgerFile;

    @Override
    public Integer call() throws Exception {
        rejectPerHostOptions();
        Scenario workload = scenario();
        RunLimit limit = limit();
        Pacing pacing = pacing(workload);
        require(progressIntervalSeconds >= 0, "--progress-interval", progressIntervalSeconds, "expected 0 or more seconds");
        require(drainTimeoutSeconds >= 0, "--drain-timeout", drainTimeoutSeconds, "expected 0 or more seconds");
        AgentConfig config = config();
        long runSeed = seed != null ? seed : workload.seed();
        SimulatedFleet.PolicySource policySource = offlinePolicy ? SimulatedFleet.PolicySource.OFFLINE_AUTHORITY
                : SimulatedFleet.PolicySource.KAFKA_TABLE;

        AgentRuntime runtime = AgentRuntime.start(config, config.host().hostId());
        AtomicBoolean closed = new AtomicBoolean();
        // Ctrl-C: close the outbox cleanly; whatever Kafka has not acknowledged is sent at the next start.
        Thread hook = new Thread(() -> closeOnce(runtime, closed), "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        StreamLag lag = null;
        try {
            SimulatedFleet fleet = SimulatedFleet.attach(runtime, workload, runSeed, policySource, Instant.now());
            if (progressIntervalSeconds > 0) {
                Duration interval = Duration.ofSeconds(progressIntervalSeconds);
                lag = StreamLag.watch(config.bootstrapServers(), config.kafkaProperties(), streamApplicationId,
                        Topics.EVENTS.name(), interval, () -> fleet.emitted().queued());
                fleet.simulator().withProgress(System.err, interval, lag::latest);
            }
            if (!FirstHeartbeats.await(runtime.outbox(), fleet.simulator().hostIds(), HEARTBEAT_WAIT)) {
                spec.commandLine().getErr().println("[simulate] the hosts' first heartbeats were not acknowledged within "
                        + HEARTBEAT_WAIT.toSeconds() + " s; starting anyway");
            }
            SimulationSummary summary = fleet.run(limit, pacing);
            OutboxDrain.Result drain = OutboxDrain.await(runtime.outbox(), Duration.ofSeconds(drainTimeoutSeconds));
            if (ledgerFile != null) {
                AppendedLedger.write(ledgerFile, runtime.outbox(), drain);
            }
            spec.commandLine().getOut().print(SimulationReport.format(workload, runSeed, policySource, summary,
                    fleet.emitted(), drain));
            spec.commandLine().getOut().flush();
            if (runtime.fatalFailure().isPresent()) {
                spec.commandLine().getErr().println("fleetcompat-agent: fatal Kafka failure: "
                        + runtime.fatalFailure().get());
                return 1;
            }
            return 0;
        } finally {
            if (lag != null) {
                lag.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook closes the runtime.
            }
            closeOnce(runtime, closed);
        }
    }

    private static void closeOnce(AgentRuntime runtime, AtomicBoolean closed) {
        if (closed.compareAndSet(false, true)) {
            runtime.close();
        }
    }

    /** Host identity and profile come from the scenario: options for one host would be silently ignored. */
    private void rejectPerHostOptions() {
        for (ConfigKey key : new ConfigKey[] {ConfigKey.XEN_PROFILE, ConfigKey.FIFO_BUILT_IN}) {
            Object value = spec.findOption(key.option()).getValue();
            if (value != null) {
                throw new ConfigException(key.option(), value.toString(),
                        "not an option of simulate: each host's profile comes from the scenario");
            }
        }
    }

    /** The scenario the options describe (package-private for the option tests). */
    Scenario scenario() {
        Scenario read = resized(ScenarioOption.read(scenario));
        if (controlGroupFraction == null) {
            return read;
        }
        require(controlGroupFraction >= 0 && controlGroupFraction <= 1, "--control-group-fraction",
                controlGroupFraction, "expected a fraction in [0, 1]");
        return new Scenario(read.name(), read.seed(), read.hosts(), read.guests(), read.rates(),
                read.retirementWaves(), controlGroupFraction, read.hypercalls());
    }

    /** --hosts / --guests-per-host: the scenario at another size, same proportions ({@link ScenarioScaling}). */
    private Scenario resized(Scenario read) {
        if (hosts != null) {
            require(hosts >= 1, "--hosts", hosts, "expected 1 or more hosts");
        }
        if (guestsPerHost != null) {
            require(guestsPerHost >= 0, "--guests-per-host", guestsPerHost, "expected 0 or more guests per host");
        }
        try {
            return ScenarioScaling.scaled(read, hosts == null ? OptionalInt.empty() : OptionalInt.of(hosts),
                    guestsPerHost == null ? OptionalInt.empty() : OptionalInt.of(guestsPerHost));
        } catch (IllegalArgumentException e) {
            String option = hosts != null ? "--hosts" : "--guests-per-host";
            throw new ConfigException(option, String.valueOf(hosts != null ? hosts : guestsPerHost), e.getMessage());
        }
    }

    private RunLimit limit() {
        if (steps != null && durationSeconds != null) {
            throw new ConfigException("--steps", steps.toString(), "give either --steps or --duration, not both");
        }
        if (steps != null) {
            require(steps > 0, "--steps", steps, "expected a positive number of operations");
            return RunLimit.steps(steps);
        }
        long seconds = durationSeconds == null ? 60 : durationSeconds;
        require(seconds > 0, "--duration", seconds, "expected a positive number of seconds");
        return RunLimit.duration(Duration.ofSeconds(seconds));
    }

    private Pacing pacing(Scenario workload) {
        double rate = maxRate == null ? workload.rates().opsPerSecond() : maxRate;
        require(rate >= 0 && Double.isFinite(rate), "--max-rate", rate, "expected 0 (unpaced) or a positive rate");
        return rate == 0 ? Pacing.UNPACED : Pacing.maxRate(rate);
    }

    private AgentConfig config() {
        Map<String, String> settings = ConfigOptions.settingsFrom(spec);
        // A shared --config file may name one agent's host: in simulate the scenario names the hosts.
        settings.remove(ConfigKey.XEN_PROFILE.key());
        settings.remove(ConfigKey.FIFO_BUILT_IN.key());
        SIMULATE_DEFAULTS.forEach((key, value) -> settings.putIfAbsent(key.key(), value));
        if (offlinePolicy) {
            // No directive from fleet.policy reaches a domain: the in-process authority decides.
            settings.putIfAbsent(ConfigKey.POLICY_VERIFY.key(), "OFF");
        }
        return AgentConfigFactory.fromSettings(settings);
    }

    private static void require(boolean ok, String option, Object value, String expectation) {
        if (!ok) {
            throw new ConfigException(option, String.valueOf(value), expectation);
        }
    }
}
