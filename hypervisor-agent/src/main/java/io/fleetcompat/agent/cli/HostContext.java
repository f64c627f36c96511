package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.events.AgentEventSink;
import io.fleetcompat.agent.events.HostIdentity;
import io.fleetcompat.agent.policy.PolicyLookup;

/**
 * What an {@link EventSource} gets for one host: where to send events (header, sequence and outbox handled)
 * and the policy table to consult before a create / restore / resume. In simulate mode every host gets its
 * own sink (own sequence) over the shared outbox, and the same policy lookup.
 */
public record HostContext(HostIdentity identity, AgentEventSink events, PolicyLookup policies) {
}
