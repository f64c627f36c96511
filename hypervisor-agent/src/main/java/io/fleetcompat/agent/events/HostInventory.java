package io.fleetcompat.agent.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a heartbeat reports about a host.
 *
 * @param lastPolicyVersionSeen highest directive version in the policy table, null when it is empty
 * @param outboxDepth           events appended but not acknowledged by Kafka (shared by all hosts of a simulation)
 */
public record HostInventory(List<String> runningInstanceIds, Long lastPolicyVersionSeen, int policyTableSize,
                            long outboxDepth, Instant agentStartedAt) {

    public HostInventory {
        runningInstanceIds = List.copyOf(runningInstanceIds);
        Objects.requireNonNull(agentStartedAt, "agentStartedAt");
    }
}
