package io.fleetcompat.faults.support;

import io.fleetcompat.launcher.audit.AppendedLedgerFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated fleet ({@code hypervisor-agent simulate}) in its own JVM: many hosts on one outbox, one idempotent
 * producer, one policy consumer. A restart after a SIGKILL keeps the outbox (what Kafka had not acknowledged is sent
 * again, and the hosts' sequences go on) but takes another seed: the killed process's guests and domains died with
 * it, and the new run's guests are new guests, as they would be on hosts that rebooted.
 */
public final class SimulatedAgents {

    private final Fleet fleet;
    private final String name;
    private final List<String> common;
    private final Path ledger;
    /** "[simulate]   15.0s  ..." (ProgressLine). */
    private static final Pattern PROGRESS = Pattern.compile("^\\[simulate\\]\\s+(\\d+\\.\\d)s");
    private ChildJvm jvm;
    private int runs;
    private int runStartLine;

    private SimulatedAgents(Fleet fleet, String name, List<String> common, Path ledger) {
        this.fleet = fleet;
        this.name = name;
        this.common = common;
        this.ledger = ledger;
    }

    /**
     * @param extra more simulate options, e.g. {@code --outbox-max-bytes=2m} or {@code --max-rate=0}
     */
    public static SimulatedAgents start(Fleet fleet, String name, String bootstrap, Path scenario, long seed,
                                        Duration duration, List<String> extra) {
        Path state = fleet.dir().resolve(name);
        Path ledger = state.resolve("appended.json");
        List<String> common = new ArrayList<>(List.of("--bootstrap-servers=" + bootstrap, "--scenario=" + scenario,
                "--outbox-dir=" + state.resolve("outbox"), "--policy-table-file=" + state.resolve("policy-table.json"),
                "--ledger-file=" + ledger, "--policy-trusted-keys=" + fleet.trustedPolicyKeys(),
                "--heartbeat-interval-ms=5000", "--progress-interval=5",
                "--drain-timeout=120"));
        common.addAll(extra);
        SimulatedAgents agents = new SimulatedAgents(fleet, name, common, ledger);
        agents.run(seed, duration, List.of());
        return agents;
    }

    private void run(long seed, Duration duration, List<String> options) {
        List<String> argv = new ArrayList<>(List.of("-Xmx384m",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", "-jar", Fleet.agentJar().toString(), "simulate",
                "--seed=" + seed, "--duration=" + duration.toSeconds()));
        argv.addAll(common);
        argv.addAll(options);
        runs++;
        runStartLine = jvm == null ? 0 : jvm.logLines().size();
        jvm = fleet.track(ChildJvm.start(name + (runs == 1 ? "" : "-run" + runs), argv, fleet.log(name)));
    }

    public ChildJvm jvm() {
        return jvm;
    }

    /**
     * Waits until the current run's progress line says it has run at least {@code elapsed} (the simulator paces
     * itself in wall time, so this is how long it has been operating).
     */
    public void awaitProgress(Duration elapsed, Duration timeout) {
        int from = runStartLine;
        jvm.awaitLogLine("progress past " + elapsed.toSeconds() + " s", line -> {
            Matcher m = PROGRESS.matcher(line);
            return m.find() && Double.parseDouble(m.group(1)) >= elapsed.toMillis() / 1000.0;
        }, from, timeout);
    }

    /** Waits until the current run logs a line containing {@code text}. */
    public void awaitLog(String text, Duration timeout) {
        jvm.awaitLogLine(text, runStartLine, timeout);
    }

    /** SIGKILL with whatever the producer has in flight and the outbox has not checkpointed. */
    public void kill() {
        jvm.kill();
    }

    /** A new run on the same outbox with another seed (new guests on the same hosts). */
    public void restart(long seed, Duration duration) {
        restartWith(seed, duration, List.of());
    }

    /** A new run on the same outbox with another seed and more options (later ones win over the first run's). */
    public void restartWith(long seed, Duration duration, List<String> options) {
        if (jvm.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        run(seed, duration, options);
    }

    /** Waits for the run to end by itself (it plays its duration, then drains its outbox) and checks its exit code. */
    public void awaitEnd(Duration timeout) {
        int exit = jvm.awaitExit(timeout);
        if (exit != 0) {
            throw new AssertionError(name + " exited with " + exit + "; log " + jvm.log());
        }
    }

    /** What its outbox appended, written by the last run at its end. */
    public AppendedLedgerFile ledger() {
        try {
            return AppendedLedgerFile.read(ledger);
        } catch (IOException e) {
            throw new UncheckedIOException("no ledger from " + name + " (did its last run end?)", e);
        }
    }
}
