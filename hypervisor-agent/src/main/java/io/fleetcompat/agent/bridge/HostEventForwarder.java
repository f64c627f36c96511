package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.AgentEventSink;
import io.fleetcompat.agent.events.EmitResult;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import java.time.Instant;

/**
 * Hands each record of one host's toolstack to that host's {@link AgentEventSink}, stamped with the toolstack's
 * event time: a HypercallResult as a hypercall (sampled there), a PolicyAck as an ack, every other record as a
 * lifecycle step. The sink adds event id, sequence and agent version and writes the outbox.
 */
public final class HostEventForwarder implements HostEventListener {

    private final AgentEventSink sink;
    private final EmitTally tally;

    public HostEventForwarder(AgentEventSink sink, EmitTally tally) {
        this.sink = sink;
        this.tally = tally;
    }

    @Override
    public void onEvent(HostEvent event) {
        if (!event.host().hostId().equals(sink.host().hostId())) {
            throw new IllegalStateException("a record of host " + event.host().hostId() + " reached the sink of "
                    + sink.host().hostId());
        }
        tally.count(forward(event));
    }

    private EmitResult forward(HostEvent event) {
        Instant eventTime = Instant.ofEpochMilli(event.eventTimeMillis());
        if (event instanceof HostEvent.HypercallResult hypercall) {
            return sink.hypercall(HypercallOutcomes.of(hypercall), eventTime);
        }
        if (event instanceof HostEvent.PolicyAck ack) {
            return sink.policyAck(PolicyAckSteps.of(ack), eventTime);
        }
        return sink.lifecycle(LifecycleSteps.of(event), eventTime);
    }
}
