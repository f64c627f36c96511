package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.bridge.WireIdentities;
import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.EdgeFailsafeModes;
import io.fleetcompat.agent.host.GuestSpec;
import io.fleetcompat.agent.host.HostEventListener;
import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.host.InMemoryPolicyLookup;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.rules.cohort.ControlGroup;
import io.fleetcompat.rules.detect.FifoCapability;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Many hosts in one process, driven by a {@link Scenario}. Every decision (placement, guest ids, which operation
 * on which guest, wave targets) comes from one RNG seeded with {@code seed}, and event times from a simulated
 * clock, so the same scenario and seed give the same sequence of records; pacing only spreads it in wall time.
 * Single-threaded: the listener sees every record synchronously.
 *
 * <pre>
 *   Simulator sim = Simulator.offline(ScenarioFiles.resource(ScenarioFiles.DEMO), 42, listener);
 *   SimulationSummary s = sim.withProgress(System.err, Duration.ofSeconds(5))
 *           .run(RunLimit.duration(Duration.ofMinutes(1)), Pacing.maxRate(2000));
 * </pre>
 */
public final class Simulator {

    /** Counts for the progress line. */
    record Snapshot(long events, int hosts, int guests, int running, int hibernated, int hung, long resumesHealthy,
                    long resumeFailures, long refusals) {
    }

    private final Scenario scenario;
    private final ControlGroup controlGroup;
    private final SplittableRandom rng;
    private final SimulatedClock clock;
    private final SimulationStats stats;
    private final Fleet fleet;
    private final GuestPools pools = new GuestPools();
    private final List<SimGuest> guests = new ArrayList<>();
    private final OperationRunner runner;
    private final WaveRunner waveRunner;
    private final List<Scenario.RetirementWave> waves;
    private final List<SimulationSummary.Wave> wavesDone = new ArrayList<>();
    private final Map<Operation, Long> operations = new EnumMap<>(Operation.class);
    /** draw()'s scratch: one weight per operation. */
    private final double[] weights = new double[Operation.ALL.length];
    private Optional<ProgressLine> progress = Optional.empty();
    private NanoClock wallClock = NanoClock.SYSTEM;
    private Pacer pacer;
    private final ArrayDeque<Hibernation> hibernations = new ArrayDeque<>();
    private long step;
    private long idleSteps;

    private Simulator(Scenario scenario, long seed, PolicyLookup policies, EdgeFailsafe edgeFailsafe,
                      HostEventListener listener) {
        this.scenario = scenario;
        this.rng = new SplittableRandom(seed);
        this.clock = new SimulatedClock(scenario.rates().opsPerSecond());
        this.controlGroup = new ControlGroup(scenario.controlGroupFraction());
        this.stats = new SimulationStats(controlGroup);
        // The control group keeps the fail-safe off, so it still shows the failure everyone else is spared.
        EdgeFailsafe failsafeOutsideControlGroup = (instanceId, kernelFamily) -> controlGroup.contains(instanceId)
                ? EdgeFailsafe.Mode.OFF : edgeFailsafe.modeFor(instanceId, kernelFamily);
        this.fleet = new Fleet(scenario, policies, failsafeOutsideControlGroup, event -> {
            stats.onEvent(event);
            listener.onEvent(event);
        }, clock);
        for (Scenario.GuestGroup group : scenario.guests()) {
            for (int i = 0; i < group.count(); i++) {
                String id = randomUuid().toString();
                GuestSpec spec = GuestSpec.hvm(id, KernelCatalog.byName(group.kernel()), group.vcpus());
                SimGuest g = new SimGuest(spec, fleet.pickActive(group.homeProfile(), rng).orElseThrow());
                guests.add(g);
                pools.add(g);
            }
        }
        this.runner = new OperationRunner(fleet, pools);
        this.waveRunner = new WaveRunner(fleet, pools, runner, guests);
        double rate = scenario.rates().opsPerSecond();
        this.waves = new ArrayList<>(scenario.retirementWaves());
        waves.sort(Comparator.comparingLong(w -> w.step(rate)));
    }

    public static Simulator create(Scenario scenario, long seed, PolicyLookup policies, HostEventListener listener) {
        return create(scenario, seed, policies, EdgeFailsafeModes.DEFAULTS, listener);
    }

    /** @param edgeFailsafe the agents' edge fail-safe per guest (the control group's is always off) */
    public static Simulator create(Scenario scenario, long seed, PolicyLookup policies, EdgeFailsafe edgeFailsafe,
                                   HostEventListener listener) {
        return new Simulator(scenario, seed, policies, edgeFailsafe, listener);
    }

    /**
     * Offline mode: an in-memory policy table fed by {@link OfflinePolicyAuthority} (deny FIFO to every
     * FIFO-aware guest that hibernates 2-level while the fleet has a FIFO-capable host, except the scenario's
     * control group).
     */
    public static Simulator offline(Scenario scenario, long seed, HostEventListener listener) {
        return offline(scenario, seed, EdgeFailsafeModes.DEFAULTS, listener);
    }

    /** Offline mode with the given edge fail-safe. */
    public static Simulator offline(Scenario scenario, long seed, EdgeFailsafe edgeFailsafe,
                                    HostEventListener listener) {
        InMemoryPolicyLookup table = new InMemoryPolicyLookup();
        boolean fleetOffersFifo = scenario.hosts().stream().anyMatch(group -> FifoCapability.isFifoCapable(
                WireIdentities.toWire(group.profile()), group.fifoBuiltIn()));
        OfflinePolicyAuthority authority = new OfflinePolicyAuthority(table,
                new ControlGroup(scenario.controlGroupFraction()), fleetOffersFifo);
        return create(scenario, seed, table, edgeFailsafe, event -> {
            authority.onEvent(event);
            listener.onEvent(event);
        });
    }

    /** Prints a progress line to {@code out} every {@code interval} of wall time during runs. */
    public Simulator withProgress(PrintStream out, Duration interval) {
        return withProgress(out, interval, () -> "");
    }

    /**
     * As {@link #withProgress(PrintStream, Duration)}, each line ending with {@code extra}'s text (e.g. how far a
     * consumer of the records lags); asked on the simulating thread, so it must answer at once.
     */
    public Simulator withProgress(PrintStream out, Duration interval, Supplier<String> extra) {
        this.progress = Optional.of(new ProgressLine(out, interval, extra));
        return this;
    }

    /**
     * Stamps step 0 at {@code start} instead of {@link SimulatedClock#START}: a live run (through Kafka) anchors
     * simulated time at the wall clock, so at the scenario's own rate event times follow the wall clock.
     * Event times still advance by step, never by wall time.
     */
    public Simulator startingAt(Instant start) {
        clock.startAt(start);
        return this;
    }

    /** For tests: the wall clock that pacing and duration limits read. */
    Simulator usingWallClock(NanoClock clock) {
        this.wallClock = clock;
        this.pacer = null;
        return this;
    }

    /** Runs until the limit; may be called again to continue. The summary counts everything since creation. */
    public SimulationSummary run(RunLimit limit, Pacing pacing) {
        long startNanos = wallClock.nanoTime();
        if (pacer == null || !pacer.pacing().equals(pacing)) {
            pacer = new Pacer(pacing, wallClock);
        }
        progress.ifPresent(p -> p.start(startNanos));
        long done = 0;
        while (!limit.reached(done, startNanos, wallClock.nanoTime())) {
            pacer.acquire();
            runDueWaves();
            clock.step(step);
            runOneOperation();
            step++;
            done++;
            if (progress.isPresent() && (done & 0xFF) == 0) {
                progress.get().maybePrint(wallClock.nanoTime(), step, snapshot());
            }
        }
        return summary(Duration.ofNanos(wallClock.nanoTime() - startNanos));
    }

    private void runDueWaves() {
        while (!waves.isEmpty() && waves.get(0).step(scenario.rates().opsPerSecond()) <= step) {
            Scenario.RetirementWave wave = waves.remove(0);
            WaveRunner.WaveResult r = waveRunner.run(wave, rng);
            wavesDone.add(new SimulationSummary.Wave(r.name(), step, r.hostsRetired(), r.migrated(), r.stopped(),
                    r.rehomed()));
        }
    }

    private void runOneOperation() {
        if (resumeOverdueImage()) {
            return;
        }
        Optional<Operation> op = draw();
        if (op.isEmpty()) {
            idleSteps++;
            return;
        }
        SimGuest g = pools.pick(op.get().eligible, rng);
        // An image younger than the scenario's minimum rest is left alone this step.
        boolean tooFresh = op.get() == Operation.RESUME
                && step - g.hibernatedAtStep < scenario.rates().minHibernatedSteps();
        if (tooFresh || !runner.run(op.get(), g, rng)) {
            idleSteps++;
            return;
        }
        if (op.get() == Operation.HIBERNATE) {
            g.hibernatedAtStep = step;
            hibernations.addLast(new Hibernation(g, step));
        }
        operations.merge(op.get(), 1L, Long::sum);
    }

    /**
     * Resumes the oldest image when it has rested the scenario's maximum (if any). Images leave the queue lazily:
     * one resumed (or re-hibernated) since it was queued no longer matches its entry.
     */
    private boolean resumeOverdueImage() {
        long max = scenario.rates().maxHibernatedSteps();
        while (!hibernations.isEmpty()) {
            Hibernation oldest = hibernations.peekFirst();
            if (oldest.guest().state != GuestState.HIBERNATED || oldest.guest().hibernatedAtStep != oldest.step()) {
                hibernations.pollFirst();
                continue;
            }
            if (step - oldest.step() < max) {
                return false;
            }
            hibernations.pollFirst();
            if (runner.run(Operation.RESUME, oldest.guest(), rng)) {
                operations.merge(Operation.RESUME, 1L, Long::sum);
                return true;
            }
        }
        return false;
    }

    /** An image queued for the scenario's maximum rest. */
    private record Hibernation(SimGuest guest, long step) {
    }

    /** An operation by weight among those with at least one eligible guest. */
    private Optional<Operation> draw() {
        Operation[] ops = Operation.ALL;
        double total = 0;
        for (int i = 0; i < ops.length; i++) {
            weights[i] = pools.anyIn(ops[i].eligible) ? ops[i].weight(scenario.rates()) : 0;
            total += weights[i];
        }
        if (total == 0) {
            return Optional.empty();
        }
        double r = rng.nextDouble() * total;
        for (int i = 0; i < ops.length; i++) {
            r -= weights[i];
            if (r < 0 && weights[i] > 0) {
                return Optional.of(ops[i]);
            }
        }
        return Optional.of(ops[ops.length - 1]);
    }

    private UUID randomUuid() {
        long high = (rng.nextLong() & ~0xF000L) | 0x4000L;
        long low = (rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
        return new UUID(high, low);
    }

    Snapshot snapshot() {
        return new Snapshot(stats.events(), fleet.size(), guests.size(),
                pools.size(GuestState.RUNNING_LINUX) + pools.size(GuestState.RUNNING_WINDOWS),
                pools.size(GuestState.HIBERNATED), pools.size(GuestState.HUNG), stats.resumesHealthy(),
                stats.resumeFailures(), stats.refusals());
    }

    private SimulationSummary summary(Duration wallTime) {
        Map<String, Long> ops = new TreeMap<>();
        operations.forEach((op, n) -> ops.put(op.name(), n));
        Map<String, Integer> states = new TreeMap<>();
        for (GuestState s : GuestState.values()) {
            states.put(s.name(), pools.size(s));
        }
        return new SimulationSummary(step, idleSteps, ops, stats.events(), stats.eventsByKind(),
                stats.resumeOutcomes(), stats.refusals(), states, wavesDone, wallTime);
    }

    /** The simulated hosts' ids, in creation order. */
    public List<String> hostIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            ids.add(fleet.host(i).hostId());
        }
        return ids;
    }

    /** The simulated hosts' identities, in creation order. */
    public List<HostIdentity> hostIdentities() {
        List<HostIdentity> identities = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            identities.add(fleet.host(i).identity());
        }
        return identities;
    }

    /** Whether the guest is in the scenario's control group (policy withheld on purpose). */
    public boolean inControlGroup(String instanceId) {
        return controlGroup.contains(instanceId);
    }
}
