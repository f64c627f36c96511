package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.events.AgentEventSink;
import io.fleetcompat.agent.events.EmitResult;
import io.fleetcompat.agent.events.PolicyAckStep;
import io.fleetcompat.agent.policy.RefusalListener;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the acks of fleet.policy records the process refused as events of its first host: the policy table is one
 * per process, so is each refusal (in {@code simulate}, N hosts share it; one ack, not N). Refusals read before the
 * first host is added wait here, up to a bound: their dead letters are on fleet.dead-letters anyway.
 */
final class RefusalAcks implements RefusalListener {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalAcks.class);
    static final int MAX_PENDING = 1000;

    private final List<PolicyAckStep> pending = new ArrayList<>();
    private AgentEventSink sink;

    /** The first host's sink sends every ack from now on, and the ones waiting. */
    synchronized void attach(AgentEventSink hostEvents) {
        if (sink != null) {
            return;
        }
        sink = hostEvents;
        pending.forEach(this::send);
        pending.clear();
    }

    @Override
    public synchronized void refused(PolicyAckStep ack) {
        if (sink != null) {
            send(ack);
        } else if (pending.size() < MAX_PENDING) {
            pending.add(ack);
        } else {
            LOG.warn("No host yet to acknowledge the refusal of {} v{}; its dead letter reports it", ack.policyKey(),
                    ack.directiveVersion());
        }
    }

    private void send(PolicyAckStep ack) {
        EmitResult result = sink.policyAck(ack);
        if (result instanceof EmitResult.Refused refused) {
            LOG.warn("Ack of the refused {} v{} not queued ({}); its dead letter reports it", ack.policyKey(),
                    ack.directiveVersion(), refused.rejection());
        }
    }
}
