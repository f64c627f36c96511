package io.fleetcompat.launcher.demo;

import io.fleetcompat.launcher.CommandValues;
import io.fleetcompat.launcher.Component;
import io.fleetcompat.launcher.ComponentCommands;
import io.fleetcompat.launcher.ExitCodes;
import io.fleetcompat.launcher.LaunchCommand;
import io.fleetcompat.launcher.LauncherException;
import io.fleetcompat.launcher.PolicyKeys;
import io.fleetcompat.rules.cohort.ControlGroup;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import io.fleetcompat.launcher.report.DemoReport;
import io.fleetcompat.launcher.report.OutcomeTimeline;
import io.fleetcompat.launcher.report.ReportCollector;
import io.fleetcompat.launcher.report.ReportHtml;
import io.fleetcompat.launcher.report.ReportJson;
import io.fleetcompat.launcher.report.ReportTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;

/**
 * One {@code ./fleet demo}: broker (unless --bootstrap-servers), topics, fleet-stream, dashboard and
 * simulator as child processes, a status line per second, and at the end (--duration, Ctrl-C or a
 * child's death) the children stopped in reverse order and the report printed.
 */
public final class DemoRun {

    static final String KAFKA_READY = "KAFKA_READY bootstrap=";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration UNTIL_STOPPED = Duration.ofDays(1);
    /** The agent's built-in one-minute story (hypervisor-agent/src/main/resources/scenarios/story.json). */
    static final String DEFAULT_SCENARIO = "story";
    /** At the end of --duration, how long the simulator may take to finish and flush its outbox by itself. */
    private static final Duration SIMULATOR_FINISH = Duration.ofSeconds(20);
    /** How long the Ctrl-C hook lets the main thread stop the children and print the report. */
    private static final Duration HOOK_WAIT = Duration.ofSeconds(120);
    private static final List<Component> FLEET = List.of(Component.STREAM, Component.DASHBOARD, Component.SIMULATE);

    private final DemoOptions options;
    private final ComponentCommands commands;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ProcessSupervisor supervisor = new ProcessSupervisor();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private final List<ChildProcess> brokers = new java.util.ArrayList<>();
    /** How each child is started again after it dies (only with --chaos: the demo supervises its processes). */
    private final Map<String, Function<Integer, LaunchCommand>> relaunch = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();
    private ReportCollector collector;
    private String streamUrl;
    private String bootstrap;
    private Chaos chaos;
    private volatile Instant watchStarted;
    private ChaosOutcome chaosOutcome;
    private KafkaAccess access;
    private PolicyKeys.Pair keys;

    public DemoRun(DemoOptions options, ComponentCommands commands, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    /** Runs to the end; the report, if any records were read, is printed and written even on failure. */
    public int run() {
        requireComponentsBuilt();
        Thread hook = onCtrlC(Thread.currentThread());
        int exitCode = ExitCodes.FAILED;
        try {
            exitCode = startAndWatch();
        } catch (InterruptedException e) {
            exitCode = ExitCodes.INTERRUPTED;    // Ctrl-C while starting: stop what runs, as at the end
        } catch (LauncherException e) {
            err.println("fleet: " + e.getMessage());
            exitCode = e.exitCode();
        } catch (KafkaException e) {
            err.println("fleet: Kafka at " + options.bootstrapServers().orElse("the embedded broker") + ": " + e.getMessage());
            exitCode = ExitCodes.FAILED;
        } finally {
            Thread.interrupted();       // the hook's interrupt must not cut the shutdown short
            exitCode = shutDown(exitCode);
            finished.countDown();
            removeHook(hook);
        }
        return exitCode;
    }

    private int startAndWatch() throws InterruptedException {
        createDirectory(options.runDir());
        out.println("fleet demo: run dir " + options.runDir());
        access = KafkaAccess.prepare(options, commands);
        keys = policyKeys();
        out.println("fleet demo: throw-away policy signing key '" + keys.keyId() + "' (" + keys.privateKey() + ")");
        bootstrap = options.bootstrapServers().orElse(null);
        if (options.embeddedBroker()) {
            bootstrap = startBrokers();
        }
        out.println("fleet demo: Kafka bootstrap servers " + bootstrap);
        if (access.provision(bootstrap)) {
            out.println("fleet demo: SCRAM-SHA-512 users and ACLs of the agents, fleet-stream and the dashboard in place");
        }
        List<String> created = TopicSetup.createMissing(bootstrap, access.launcherSettings(),
                options.embeddedBroker() && options.brokers() == 1);
        out.println("fleet demo: topics ready (" + (created.isEmpty() ? "all existed" : "created " + created) + ")");
        collector = ReportCollector.start(bootstrap, access.launcherSettings(),
                new ControlGroup(options.controlGroupFraction()));
        int streamPort = Ports.resolve(options.streamPort());
        int dashboardPort = Ports.resolve(options.dashboardPort());
        streamUrl = "http://127.0.0.1:" + streamPort;
        startChild(Component.STREAM, bootstrap, Optional.of(streamPort), streamUrl);
        startChild(Component.DASHBOARD, bootstrap, Optional.of(dashboardPort), streamUrl);
        startChild(Component.SIMULATE, bootstrap, Optional.empty(), streamUrl);
        printBanner(bootstrap, streamUrl, "http://127.0.0.1:" + dashboardPort);
        int exit = watch();
        if (chaos != null && exit == ExitCodes.OK) {
            out.println("fleet demo: chaos: checking delivery end to end (appended, on Kafka, folded)");
            chaosOutcome = ChaosOutcome.audit(bootstrap, access.launcherSettings(), streamUrl,
                    options.runDir().resolve(Component.SIMULATE.key() + "-state").resolve(ChaosOutcome.LEDGER),
                    TrustedPolicyKeys.load(List.of(keys.publicKey())), chaos.faults());
            if (!chaosOutcome.clean()) {
                err.println("fleet: chaos: " + chaosOutcome.problem());
                return ExitCodes.FAILED;
            }
        }
        return exit;
    }

    /** One embedded broker process per node; with three, each runs one node of the cluster (so one can die alone). */
    private String startBrokers() throws InterruptedException {
        int nodes = options.brokers();
        int port = Ports.resolveRange(options.kafkaPort(), 2 * nodes);
        for (int node = 0; node < nodes; node++) {
            List<String> args = nodes == 1 ? List.of()
                    : List.of("--nodes", Integer.toString(nodes), "--node", Integer.toString(node));
            String label = nodes == 1 ? Component.BROKER.key() : Component.BROKER.key() + "-" + node;
            CommandValues values = CommandValues.forDemo("", Optional.of(port), options.runDir().resolve("kafka-data"),
                    Optional.empty(), options.seed(), "", simulatorSeconds(), options.controlGroupFraction(),
                    access.brokerConfig()).withArgs(args);
            ChildProcess broker = ChildProcess.start(commands.command(Component.BROKER, values),
                    options.runDir().resolve(label + ".log"), false);
            brokers.add(broker);
            supervisor.add(broker);
            relaunch.put(label, run -> commands.command(Component.BROKER, values));
        }
        String servers = null;
        for (ChildProcess broker : brokers) {
            servers = Readiness.awaitLogLine(broker, KAFKA_READY, options.startTimeout());
        }
        return servers;
    }

    private void startChild(Component component, String bootstrap, Optional<Integer> port, String streamUrl)
            throws InterruptedException {
        Path stateDir = options.runDir().resolve(component.key() + "-state");
        CommandValues values = CommandValues.forDemo(bootstrap, port, stateDir,
                Optional.of(scenario()), options.seed(), streamUrl, simulatorSeconds(), options.controlGroupFraction(),
                access.componentConfig(component));
        if (options.chaos() && component == Component.SIMULATE) {
            // Its last run writes what the outbox appended, for the end-to-end delivery check.
            values = values.withArgs(List.of("--ledger-file=" + stateDir.resolve(ChaosOutcome.LEDGER)));
        }
        LaunchCommand command = commands.command(component, values);
        CommandValues started = values;
        relaunch.put(component.key(), run -> component == Component.SIMULATE
                // A restarted simulator plays new guests (the killed one's died with it) for the time that is left.
                ? commands.command(component, started.withSeedAndDuration(options.seed() + run, secondsLeft()))
                : commands.command(component, started));
        ChildProcess child = ChildProcess.start(command, log(component), component == Component.SIMULATE);
        supervisor.add(child);
        out.println("fleet demo: started " + component.key() + " (pid " + child.pid() + ", log " + child.log() + ")");
        if (command.healthUrl().isPresent()) {
            Readiness.awaitHttpOk(child, command.healthUrl().get(), options.startTimeout());
        }
    }

    /** --scenario NAME|FILE, or the agent's built-in story. */
    private String scenario() {
        return options.scenario().orElse(DEFAULT_SCENARIO);
    }

    /** The simulator plays for --duration; until Ctrl-C it plays for a day (the demo stops it first). */
    private long simulatorSeconds() {
        return options.duration().map(Duration::toSeconds).orElse(UNTIL_STOPPED.toSeconds());
    }

    private void printBanner(String bootstrap, String streamUrl, String dashboardUrl) {
        out.println();
        out.println("  Kafka bootstrap  " + bootstrap + "   (outside clients: kcat -b " + bootstrap.split(",")[0]
                + " -C -t fleet.events)");
        if (access.secure()) {
            out.println("  Kafka security   SASL_SSL with SCRAM-SHA-512, ACLs on; clients need the settings in "
                    + options.runDir().resolve(KafkaAccess.CLIENT_CONFIG_DIR).resolve(KafkaAccess.ADMIN_CONFIG));
        }
        out.println("  dashboard        " + dashboardUrl + "   (users viewer/viewer, operator/operator)");
        out.println("  fleet-stream     " + streamUrl);
        out.println("  run dir          " + options.runDir() + "   (one log per process)");
        out.println("  stop             Ctrl-C" + options.duration().map(d -> ", or after " + d.toSeconds() + " s").orElse(""));
        out.println();
    }

    /** A status line per second until --duration, Ctrl-C or a child's death. */
    private int watch() throws InterruptedException {
        StatusLine status = new StatusLine();
        Instant started = Instant.now();
        watchStarted = started;
        if (options.chaos()) {
            chaos = new Chaos(options.seed(), supervisor, child -> child.component() == Component.STREAM
                    || child.component() == Component.SIMULATE
                    || (child.component() == Component.BROKER && options.brokers() > 1), started, out);
        }
        while (!stopRequested) {
            Thread.sleep(1000);
            Optional<ChildProcess> failed = supervisor.firstFailed();
            if (failed.isPresent() && chaos == null) {
                throw Readiness.notReady(failed.get(), "exited unexpectedly with code " + failed.get().exitCode().orElse(-1));
            }
            if (chaos != null) {
                restartFailed();
                chaos.tick(Instant.now(), options.duration().map(d -> d.minus(Duration.between(started, Instant.now())))
                        .orElse(UNTIL_STOPPED));
            }
            Duration elapsed = Duration.between(started, Instant.now());
            out.println(status.next(elapsed, collector.snapshot(), supervisor.children()));
            if (options.duration().filter(d -> elapsed.compareTo(d) >= 0).isPresent()) {
                letSimulatorFinish();
                return ExitCodes.OK;
            }
        }
        return ExitCodes.INTERRUPTED;
    }

    /** Like an orchestrator: whatever died is started again, with the same settings (a simulator: new guests). */
    private void restartFailed() {
        for (ChildProcess child : supervisor.children()) {
            if (child.failed()) {
                int run = starts.merge(child.label(), 1, Integer::sum);
                ChildProcess successor = child.restart(relaunch.get(child.label()).apply(run));
                supervisor.replace(child, successor);
                out.println("fleet demo: restarted " + child.label() + " (it exited with " + child.exitCode().orElse(-1)
                        + "; pid " + successor.pid() + ")");
                chaos.record(new Chaos.Fault(Instant.now(), child.label(), "restarted"));
            }
        }
    }

    /** Seconds of --duration left (a restarted simulator plays until the others stop). */
    private long secondsLeft() {
        long played = watchStarted == null ? 0 : Duration.between(watchStarted, Instant.now()).toSeconds();
        return Math.max(1, simulatorSeconds() - played);
    }

    /** It plays for --duration too, from a little later: its last events and outbox flush belong in the report. */
    private void letSimulatorFinish() throws InterruptedException {
        for (ChildProcess child : supervisor.children()) {
            if (child.component() == Component.SIMULATE && child.isAlive()) {
                out.println("fleet demo: waiting for the simulator to finish (at most " + SIMULATOR_FINISH.toSeconds()
                        + " s)");
                child.awaitExit(SIMULATOR_FINISH);
                if (child.failed()) {
                    throw Readiness.notReady(child, "exited with code " + child.exitCode().orElse(-1) + " at the end");
                }
            }
        }
    }

    /** Fleet first (reverse start order), then the last records read, then the broker. */
    private int shutDown(int exitCode) {
        out.println("fleet demo: stopping");
        supervisor.stopAllExcept(child -> child.component() == Component.BROKER, STOP_GRACE);
        DemoReport report = null;
        if (collector != null) {
            try {
                report = collector.drain(DRAIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                report = collector.snapshot();
            }
        }
        supervisor.stopAll(STOP_GRACE);
        if (report == null) {
            return exitCode;
        }
        out.println();
        out.print(ReportTable.render(report));
        if (chaosOutcome != null) {
            out.print(chaosOutcome.render());
        }
        collector.failure().ifPresent(f -> err.println("fleet: the report stopped reading early: " + f));
        return writeReport(report, exitCode);
    }

    private int writeReport(DemoReport report, int exitCode) {
        List<Path> files = options.report().map(file -> List.of(options.runDir().resolve("report.json"), file))
                .orElse(List.of(options.runDir().resolve("report.json")));
        for (Path file : files) {
            try {
                ReportJson.write(report, file);
            } catch (IOException e) {
                err.println("fleet: cannot write the report to " + file + ": " + e.getMessage());
                return exitCode == ExitCodes.OK ? ExitCodes.FAILED : exitCode;
            }
        }
        out.println("fleet demo: report written to " + String.join(", ", files.stream().map(Path::toString).toList()));
        Path html = options.runDir().resolve("report.html");
        Path csv = options.runDir().resolve("timeline.csv");
        try {
            OutcomeTimeline.Cumulative timeline = collector.timeline();
            ReportHtml.write(report, timeline, html, chaosOutcome == null ? List.of() : chaosOutcome.marks());
            if (chaosOutcome != null) {
                chaosOutcome.write(options.runDir().resolve("chaos.json"));
            }
            Files.writeString(csv, OutcomeTimeline.csv(timeline));
        } catch (IOException e) {
            err.println("fleet: cannot write the plotted report to " + html + ": " + e.getMessage());
            return exitCode == ExitCodes.OK ? ExitCodes.FAILED : exitCode;
        }
        out.println("fleet demo: outcome over time plotted in " + html + " (data: " + csv + ")");
        return exitCode;
    }

    private void requireComponentsBuilt() {
        List<String> missing = FLEET.stream().flatMap(component -> {
            try {
                commands.requireAvailable(component);
                return Stream.<String>empty();
            } catch (LauncherException e) {
                return Stream.of(e.getMessage());
            }
        }).toList();
        if (!missing.isEmpty()) {
            throw new LauncherException(ExitCodes.COMPONENT_MISSING, String.join("\nfleet: ", missing));
        }
    }

    private Thread onCtrlC(Thread main) {
        Thread hook = new Thread(() -> {
            stopRequested = true;
            main.interrupt();
            try {
                finished.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and returns once `finished` is counted down.
        }
    }

    private Path log(Component component) {
        return options.runDir().resolve(component.key() + ".log");
    }

    /** fleet-stream signs with it, the simulated agents trust its public half (components.properties). */
    private PolicyKeys.Pair policyKeys() {
        try {
            return PolicyKeys.forDemo(options.runDir());
        } catch (IOException | IllegalArgumentException e) {
            throw LauncherException.failed("cannot make the demo's policy signing key in " + options.runDir() + ": "
                    + e.getMessage());
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw LauncherException.failed("cannot create run dir " + dir + ": " + e.getMessage());
        }
    }
}
