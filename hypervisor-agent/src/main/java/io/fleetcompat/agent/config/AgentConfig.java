package io.fleetcompat.agent.config;

import io.fleetcompat.agent.events.HostIdentity;
import io.fleetcompat.agent.host.EdgeFailsafeModes;
import io.fleetcompat.agent.outbox.OutboxSettings;
import io.fleetcompat.agent.policy.PolicyVerification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The validated settings of an agent process; build it with {@link AgentConfigFactory}. In simulate mode
 * {@code host} is the template the simulator derives its hosts from, and everything else is shared.
 *
 * @param kafkaProperties client settings passed through to every Kafka client (security, timeouts...),
 *                        without the {@code kafka.} prefix
 * @param edgeFailsafe    the edge fail-safe's mode per kernel family
 * @param policyVerification how fleet.policy records are checked before they may enter the policy table
 */
public record AgentConfig(String bootstrapServers, HostIdentity host, OutboxSettings outbox,
                          Duration heartbeatInterval, double hypercallSampleRate, long hypercallSampleSeed,
                          Path policyTableFile, Map<String, String> kafkaProperties, EdgeFailsafeModes edgeFailsafe,
                          PolicyVerification policyVerification) {

    public AgentConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(policyTableFile, "policyTableFile");
        Objects.requireNonNull(edgeFailsafe, "edgeFailsafe");
        Objects.requireNonNull(policyVerification, "policyVerification");
        kafkaProperties = Map.copyOf(kafkaProperties);
    }
}
