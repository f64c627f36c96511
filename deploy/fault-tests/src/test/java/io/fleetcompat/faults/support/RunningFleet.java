package io.fleetcompat.faults.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The fleet most fault tests start from: brokers (one JVM each) with the catalogue's topics in 3 partitions,
 * fleet-stream instances started together, and the simulated agents playing {@link Scenarios#faults()}.
 */
public record RunningFleet(Fleet fleet, Brokers kafka, List<StreamInstance> streams, SimulatedAgents agents) {

    /**
     * @param streamSettings fleet-stream settings over the fault tests' (e.g. {@link StreamInstance#FAILOVER})
     * @param agentOptions   more simulate options
     */
    public static RunningFleet start(Fleet fleet, int brokers, int streamInstances, Map<String, String> streamSettings,
                                     Duration run, List<String> agentOptions) throws Exception {
        Brokers kafka = Brokers.start(fleet, brokers);
        kafka.createTopics(3);
        List<String> names = streamInstances == 1 ? List.of("stream")
                : IntStream.range(0, streamInstances).mapToObj(i -> "stream-" + (char) ('a' + i)).toList();
        List<StreamInstance> streams = StreamInstance.startAll(fleet, names, kafka.bootstrap(), streamSettings);
        SimulatedAgents agents = SimulatedAgents.start(fleet, "agents", kafka.bootstrap(), Scenarios.faults(), 1, run,
                agentOptions);
        return new RunningFleet(fleet, kafka, streams, agents);
    }

    public StreamInstance stream() {
        return streams.get(0);
    }

    /** Once the agents' last run ended: appended against on Kafka against folded, and fleet.policy. */
    public FleetAudit audit() throws Exception {
        return FleetAudit.of(fleet, kafka.bootstrap(), stream().url(), agents.ledger().lastSequences());
    }
}
