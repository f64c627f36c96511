package io.fleetcompat.agent.events;

import java.time.Instant;

/**
 * Where a host's toolstack and model observer send what happened. Each call stamps the common header
 * (with the next per-host sequence number), writes the event to the durable outbox and returns; Kafka
 * delivery happens later. Thread-safe.
 */
public interface AgentEventSink {

    /** The host this sink emits for. */
    HostIdentity host();

    EmitResult lifecycle(LifecycleStep step);

    /** Subject to sampling, except failures, FIFO commands and upcall-vector calls. */
    EmitResult hypercall(HypercallOutcome outcome);

    EmitResult policyAck(PolicyAckStep ack);

    // The same, stamped with the time the event happened on the host (the toolstack's clock) instead of
    // the time it is appended: a toolstack reports its own event times.

    EmitResult lifecycle(LifecycleStep step, Instant eventTime);

    EmitResult hypercall(HypercallOutcome outcome, Instant eventTime);

    EmitResult policyAck(PolicyAckStep ack, Instant eventTime);
}
