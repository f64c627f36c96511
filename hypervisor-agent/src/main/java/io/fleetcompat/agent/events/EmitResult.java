package io.fleetcompat.agent.events;

import io.fleetcompat.agent.outbox.AppendResult;

/** What became of an event handed to an {@link AgentEventSink}. */
public sealed interface EmitResult {

    /** Durably queued for Kafka with this per-host sequence number. */
    record Queued(long sequence) implements EmitResult {
    }

    /** A hypercall result left out by sampling (never a failure, FIFO command or upcall-vector call). */
    record SampledOut() implements EmitResult {
    }

    /**
     * Not queued: the outbox refused it (full, too large, closed). Nothing was lost silently: when the
     * outbox was full, an alarm HostStatus was queued in the outbox's reserve.
     */
    record Refused(AppendResult.Rejected rejection) implements EmitResult {
    }
}
