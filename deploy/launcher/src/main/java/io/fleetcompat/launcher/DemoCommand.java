package io.fleetcompat.launcher;

import io.fleetcompat.launcher.demo.DemoOptions;
import io.fleetcompat.launcher.demo.DemoRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./fleet demo}: the whole system, on the embedded broker or an existing cluster. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole system: embedded Kafka broker (unless --bootstrap-servers), topics, fleet-stream, "
                + "dashboard and a simulated fleet, one process each (logs in the run dir); a status line per second; "
                + "on Ctrl-C or after --duration everything stops and the report is printed.",
        footer = {"", "Exit codes: 0 ok, 130 stopped by Ctrl-C, 1 a process failed, 2 bad arguments, 3 component not built."})
public final class DemoCommand implements Callable<Integer> {

    private static final DateTimeFormatter RUN_DIR_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final LauncherContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds of running fleet (default: run until Ctrl-C).")
    Integer durationSeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @Mixin
    ClientConfigOptions client;

    @Option(names = "--secure",
            description = "Run the embedded broker with TLS, SCRAM-SHA-512 logins and ACLs: throw-away CA, certificates "
                    + "and passwords in the run dir, one principal per component kind, each given only its ACLs.")
    boolean secure;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "Simulator scenario: a built-in name (story: the one-minute story, the default; race: images "
                    + "rest 0-2 s and the legacy hosts retire at once; demo; small) or a JSON file.")
    String scenario;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path report;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Logs and state (default: .fleet-run/<timestamp>).")
    Path runDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Embedded broker port, its controller on PORT+1; 0 picks free ones (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Dashboard HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--stream-port", paramLabel = "PORT", defaultValue = "8081",
            description = "fleet-stream HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int streamPort;

    @Option(names = "--control-group-fraction", paramLabel = "FRACTION", defaultValue = "0.15",
            description = "Share of guests whose agents withhold policy, to show the failures it prevents; overrides "
                    + "the scenario's (default: ${DEFAULT-VALUE}).")
    double controlGroupFraction;

    @Option(names = "--chaos",
            description = "Supervise the processes like a real deployment and SIGKILL fleet-stream, the simulated agents "
                    + "and (with three embedded brokers) a broker at random moments; restart what dies; the report "
                    + "adds the faults, marked on the chart, and checks every appended event was folded once.")
    boolean chaos;

    @Option(names = "--brokers", paramLabel = "1|3",
            description = "Embedded broker nodes, one process each (default: 3 with --chaos, else 1).")
    Integer brokers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the simulated fleet, for a reproducible run (default: ${DEFAULT-VALUE}).")
    long seed;

    public DemoCommand(LauncherContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        DemoOptions options = options();
        return new DemoRun(options, context.components(), context.out(), context.err()).run();
    }

    /** @throws ParameterException (usage, exit 2) for values picocli's types cannot rule out */
    DemoOptions options() {
        if (durationSeconds != null && durationSeconds < 1) {
            throw usage("--duration must be at least 1 second, was " + durationSeconds);
        }
        if (secure && bootstrapServers != null) {
            throw usage("--secure secures the embedded broker it starts; for an existing cluster give its client "
                    + "settings with --command-config or --kafka-property");
        }
        if (bootstrapServers != null && !ClientConfigOptions.isBootstrapList(bootstrapServers)) {
            throw usage("--bootstrap-servers needs HOST:PORT[,HOST:PORT...], was '" + bootstrapServers + "'");
        }
        if (scenario != null && !DemoOptions.BUILT_IN_SCENARIOS.contains(scenario)
                && !Files.isRegularFile(Path.of(scenario))) {
            throw usage("--scenario " + scenario + " is neither a built-in scenario ("
                    + String.join(", ", DemoOptions.BUILT_IN_SCENARIOS) + ") nor a file");
        }
        requirePort("--kafka-port", kafkaPort, 65534);
        requirePort("--dashboard-port", dashboardPort, 65535);
        requirePort("--stream-port", streamPort, 65535);
        if (!(controlGroupFraction >= 0 && controlGroupFraction <= 1)) {
            throw usage("--control-group-fraction must be within 0..1, was " + controlGroupFraction);
        }
        if (dashboardPort != 0 && dashboardPort == streamPort) {
            throw usage("--dashboard-port and --stream-port must differ");
        }
        int nodes = brokers != null ? brokers : chaos && bootstrapServers == null ? 3 : 1;
        if (nodes != 1 && nodes != 3) {
            throw usage("--brokers must be 1 or 3, was " + nodes);
        }
        if (brokers != null && bootstrapServers != null) {
            throw usage("--brokers sets the embedded broker: it cannot go with --bootstrap-servers");
        }
        if (kafkaPort > 65535 - 2 * nodes + 1) {
            throw usage("--kafka-port " + kafkaPort + " leaves no room for " + nodes + " nodes' " + 2 * nodes + " ports");
        }
        Path dir = runDir != null ? runDir
                : context.home().resolve(".fleet-run").resolve(LocalDateTime.now().format(RUN_DIR_NAME));
        return new DemoOptions(Optional.ofNullable(durationSeconds).map(Duration::ofSeconds),
                Optional.ofNullable(bootstrapServers), Optional.ofNullable(scenario)
                        .map(s -> DemoOptions.BUILT_IN_SCENARIOS.contains(s) ? s
                                : Path.of(s).toAbsolutePath().normalize().toString()),
                Optional.ofNullable(report),
                dir.toAbsolutePath().normalize(), kafkaPort, dashboardPort, streamPort, seed, controlGroupFraction,
                client.settings(), secure, START_TIMEOUT, chaos, nodes);
    }

    private void requirePort(String option, int port, int max) {
        if (port < 0 || port > max) {
            throw usage(option + " must be within 0.." + max + ", was " + port);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
