package io.fleetcompat.launcher.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's settings, validated by the command line.
 *
 * @param duration how long the fleet runs once everything is up; empty: until Ctrl-C
 * @param scenario a built-in scenario's name or a scenario file's absolute path; empty: the story
 * @param bootstrapServers an existing cluster; empty: start the embedded broker
 * @param kafkaPort the embedded broker's port (0: any free port); its controller uses the next one
 * @param kafkaProperties client settings (e.g. security) for the launcher's clients and every component
 * @param secure the embedded broker with TLS, SCRAM logins and ACLs; each component logs in as its own principal
 * @param controlGroupFraction share of guests whose agents withhold policy (the simulator's and the report's)
 * @param startTimeout bound on each child's start (broker ready line, HTTP readiness)
 * @param chaos SIGKILL processes at random moments, restart whatever dies, and check delivery end to end
 * @param brokers embedded broker nodes, one process each: 1, or 3 (then topics have 3 copies, min.insync.replicas 2)
 */
public record DemoOptions(Optional<Duration> duration, Optional<String> bootstrapServers, Optional<String> scenario,
                          Optional<Path> report, Path runDir, int kafkaPort, int dashboardPort, int streamPort,
                          long seed, double controlGroupFraction, Map<String, String> kafkaProperties,
                          boolean secure, Duration startTimeout, boolean chaos, int brokers) {

    /** A quiet run on one embedded broker. */
    public DemoOptions(Optional<Duration> duration, Optional<String> bootstrapServers, Optional<String> scenario,
                       Optional<Path> report, Path runDir, int kafkaPort, int dashboardPort, int streamPort,
                       long seed, double controlGroupFraction, Map<String, String> kafkaProperties,
                       boolean secure, Duration startTimeout) {
        this(duration, bootstrapServers, scenario, report, runDir, kafkaPort, dashboardPort, streamPort, seed,
                controlGroupFraction, kafkaProperties, secure, startTimeout, false, 1);
    }

    /** The agent's built-in scenarios (hypervisor-agent ScenarioFiles.BUILT_IN; a test keeps the two equal). */
    public static final List<String> BUILT_IN_SCENARIOS = List.of("demo", "race", "small", "story");

    public DemoOptions {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    public boolean embeddedBroker() {
        return bootstrapServers.isEmpty();
    }
}
