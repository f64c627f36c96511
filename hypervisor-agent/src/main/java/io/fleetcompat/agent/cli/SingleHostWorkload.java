package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.bridge.EmitTally;
import io.fleetcompat.agent.bridge.HostEventRelay;
import io.fleetcompat.agent.bridge.SingleHostScenario;
import io.fleetcompat.agent.bridge.TablePolicyLookup;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.RunLimit;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.Simulator;
import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.EdgeFailsafeModes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code agent} command's host driven by a scenario workload ({@link SingleHostScenario}): the simulator
 * runs this one model-backed host on its own thread, paced, until the agent stops; it looks directives up in the
 * runtime's policy table and reports through the host's sink.
 */
public final class SingleHostWorkload implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(SingleHostWorkload.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final Scenario scenario;
    private final long seed;
    private final Pacing pacing;
    private final EdgeFailsafe edgeFailsafe;
    private final EmitTally tally = new EmitTally();
    private volatile HostEventRelay relay;
    private volatile boolean stopping;
    private Thread thread;

    /** @param scenario a one-host scenario whose host is the agent's (see {@link SingleHostScenario#of}) */
    public SingleHostWorkload(Scenario scenario, long seed, Pacing pacing) {
        this(scenario, seed, pacing, EdgeFailsafeModes.DEFAULTS);
    }

    /** @param edgeFailsafe the agent's configured edge fail-safe */
    public SingleHostWorkload(Scenario scenario, long seed, Pacing pacing, EdgeFailsafe edgeFailsafe) {
        if (scenario.hostCount() != 1) {
            throw new IllegalArgumentException("a single-host workload needs a one-host scenario, got "
                    + scenario.hostCount() + " hosts");
        }
        this.scenario = scenario;
        this.seed = seed;
        this.pacing = pacing;
        this.edgeFailsafe = edgeFailsafe;
    }

    @Override
    public void start(HostContext context) {
        HostEventRelay host = new HostEventRelay(context.events(), tally);
        Simulator simulator = Simulator.create(scenario, seed, new TablePolicyLookup(context.policies()),
                        edgeFailsafe, host)
                .startingAt(Instant.now());
        String hostId = simulator.hostIdentities().get(0).hostId();
        if (!hostId.equals(context.identity().hostId())) {
            throw new IllegalArgumentException("the scenario's host " + hostId + " is not this agent's host "
                    + context.identity().hostId());
        }
        this.relay = host;
        // Short runs, so that a stop request is seen within about a second of simulated work.
        long chunk = pacing.isPaced() ? Math.max(1, (long) Math.ceil(pacing.maxOpsPerSecond())) : 1024;
        thread = new Thread(() -> drive(simulator, chunk), "workload-" + hostId);
        thread.setDaemon(true);
        thread.start();
    }

    private void drive(Simulator simulator, long chunk) {
        try {
            while (!stopping) {
                simulator.run(RunLimit.steps(chunk), pacing);
            }
        } catch (RuntimeException e) {
            // The agent keeps its heartbeats and policy table; only the workload stops.
            LOG.error("The scenario workload of {} stopped", scenario.name(), e);
        }
    }

    /** What the host's sink did with the records so far. */
    public EmitTally.Counts emitted() {
        return tally.counts();
    }

    @Override
    public List<String> runningInstanceIds() {
        HostEventRelay host = relay;
        return host == null ? List.of() : host.runningInstanceIds();
    }

    @Override
    public void close() {
        stopping = true;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
