package io.fleetcompat.agent.events;

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
}
