package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.bridge.EmitTally;
import io.fleetcompat.agent.bridge.HostEventRelay;
import io.fleetcompat.agent.bridge.TablePolicyLookup;
import io.fleetcompat.agent.bridge.WireIdentities;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.HostEventListener;
import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.rules.cohort.ControlGroup;
import io.fleetcompat.agent.sim.ControlGroupWithholding;
import io.fleetcompat.agent.sim.Pacing;
import io.fleetcompat.agent.sim.RunLimit;
import io.fleetcompat.agent.sim.Scenario;
import io.fleetcompat.agent.sim.SimulationSummary;
import io.fleetcompat.agent.sim.Simulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulator's hosts on one shared {@link AgentRuntime} (one outbox, one producer, one policy consumer): each
 * simulated host is added to the runtime, so it gets its own event sink, sequence and heartbeats, and every
 * record the simulator emits is routed to the sink of the host it names. The simulator runs on the caller's
 * thread; heartbeats run on the runtime's timer.
 */
public final class SimulatedFleet {

    /** Where the simulated toolstacks look their directives up. */
    public enum PolicySource {
        /** The runtime's table, fed by fleet.policy (fleet-stream decides; withheld from the control group). */
        KAFKA_TABLE,
        /** The simulator's in-process authority, for demos without fleet-stream. */
        OFFLINE_AUTHORITY
    }

    private final Simulator simulator;
    private final EmitTally tally = new EmitTally();
    private final Map<String, HostEventRelay> hosts = new ConcurrentHashMap<>();

    private SimulatedFleet(AgentRuntime runtime, Scenario scenario, long seed, PolicySource policySource,
                           EdgeFailsafe edgeFailsafe, Instant start) {
        HostEventListener router = this::route;
        // fleet-stream issues policy for every guest: the agents withhold its effect from the control group.
        PolicyLookup fromKafka = new ControlGroupWithholding(new TablePolicyLookup(runtime.policyTable()),
                new ControlGroup(scenario.controlGroupFraction()));
        this.simulator = (policySource == PolicySource.KAFKA_TABLE
                ? Simulator.create(scenario, seed, fromKafka, edgeFailsafe, router)
                : Simulator.offline(scenario, seed, edgeFailsafe, router)).startingAt(start);
        for (HostIdentity identity : simulator.hostIdentities()) {
            runtime.addHost(WireIdentities.toWire(identity), new SimulatedHost(identity.hostId()));
        }
    }

    /**
     * Builds the simulator and adds its hosts to {@code runtime} (their heartbeats start now).
     *
     * @param start the simulated time of step 0, normally now
     */
    public static SimulatedFleet attach(AgentRuntime runtime, Scenario scenario, long seed, PolicySource policySource,
                                        Instant start) {
        return new SimulatedFleet(runtime, scenario, seed, policySource, runtime.config().edgeFailsafe(), start);
    }

    /** For progress output and host ids. */
    public Simulator simulator() {
        return simulator;
    }

    /** Runs the simulator on this thread; may be called again to continue. */
    public SimulationSummary run(RunLimit limit, Pacing pacing) {
        return simulator.run(limit, pacing);
    }

    /** How the sinks answered every record the simulator emitted so far. */
    public EmitTally.Counts emitted() {
        return tally.counts();
    }

    public List<HostIdentity> hosts() {
        return simulator.hostIdentities();
    }

    private void route(HostEvent event) {
        HostEventRelay host = hosts.get(event.host().hostId());
        if (host == null) {
            throw new IllegalStateException("record of host " + event.host().hostId() + " that was not added");
        }
        host.onEvent(event);
    }

    /** The runtime's view of one simulated host: its context is wired into the router when the runtime starts it. */
    private final class SimulatedHost implements EventSource {

        private final String hostId;

        SimulatedHost(String hostId) {
            this.hostId = hostId;
        }

        @Override
        public void start(HostContext context) {
            hosts.put(hostId, new HostEventRelay(context.events(), tally));
        }

        @Override
        public List<String> runningInstanceIds() {
            HostEventRelay host = hosts.get(hostId);
            return host == null ? List.of() : host.runningInstanceIds();
        }

        @Override
        public void close() {
            // The simulator belongs to the command that runs it; nothing runs per host.
        }
    }
}
