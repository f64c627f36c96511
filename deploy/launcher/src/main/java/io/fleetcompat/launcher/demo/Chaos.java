package io.fleetcompat.launcher.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * {@code ./fleet demo --chaos}: SIGKILLs one of the demo's processes at random moments (seeded, so a run can be
 * repeated): fleet-stream, the simulated agents, or, with three embedded brokers, one broker. It only kills;
 * {@link DemoRun}'s supervision restarts what died, as an orchestrator would. Quiet at the start (everything is still
 * starting) and for the last part of the run, so the simulator's last run can finish and flush its outbox and
 * fleet-stream can fold it before the report is made.
 */
final class Chaos {

    /** One fault the demo injected or recovered from, for the report and the timeline chart. */
    record Fault(Instant at, String process, String what) {
    }

    static final Duration FIRST_AFTER = Duration.ofSeconds(15);
    static final Duration QUIET_AT_END = Duration.ofSeconds(30);
    private static final Duration MIN_GAP = Duration.ofSeconds(12);
    private static final Duration MAX_GAP = Duration.ofSeconds(25);
    private static final Duration BROKER_RECOVERY = Duration.ofSeconds(30);
    private static final String BROKER = "broker";

    private final SplittableRandom random;
    private final ProcessSupervisor supervisor;
    private final Predicate<ChildProcess> target;
    private final PrintWriter out;
    private final List<Fault> faults = new ArrayList<>();
    private Instant next;

    /** @param target which children may be killed (by label) */
    Chaos(long seed, ProcessSupervisor supervisor, Predicate<ChildProcess> target, Instant started, PrintWriter out) {
        this.random = new SplittableRandom(seed);
        this.supervisor = supervisor;
        this.target = target;
        this.out = out;
        this.next = started.plus(FIRST_AFTER);
    }

    /** Called once a second by the demo's watch loop: kills a process when its moment has come. */
    void tick(Instant now, Duration left) {
        if (now.isBefore(next) || left.compareTo(QUIET_AT_END) < 0) {
            return;
        }
        // One broker at a time: with two of three down, min.insync.replicas 2 stops every write until one is back.
        boolean brokerRecovering = faults().stream().anyMatch(f -> f.process().startsWith(BROKER)
                && Duration.between(f.at(), now).compareTo(BROKER_RECOVERY) < 0);
        List<ChildProcess> alive = supervisor.children().stream().filter(ChildProcess::isAlive).filter(target)
                .filter(child -> !(brokerRecovering && child.label().startsWith(BROKER))).toList();
        if (!alive.isEmpty()) {
            ChildProcess victim = alive.get(random.nextInt(alive.size()));
            out.println("fleet demo: chaos: SIGKILL " + victim.label() + " (pid " + victim.pid() + ")");
            victim.kill();
            record(new Fault(now, victim.label(), "SIGKILL"));
        }
        long gap = MIN_GAP.toMillis() + random.nextLong(MAX_GAP.toMillis() - MIN_GAP.toMillis());
        next = now.plusMillis(gap);
    }

    synchronized void record(Fault fault) {
        faults.add(fault);
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }
}
