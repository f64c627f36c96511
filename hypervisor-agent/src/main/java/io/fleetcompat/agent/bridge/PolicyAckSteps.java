package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.PolicyAckStep;
import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.HostEvent;

/**
 * A toolstack PolicyAck as the event layer's {@link PolicyAckStep}, field by field: the target is rebuilt from the
 * directive's key, the domain keeps domid and instance (the emitter adds this host's id, as DomainRef wants).
 */
public final class PolicyAckSteps {

    private PolicyAckSteps() {
    }

    public static PolicyAckStep of(HostEvent.PolicyAck e) {
        AppliedPolicy policy = e.policy();
        return new PolicyAckStep(PolicyTargets.fromKey(policy.policyKey()), policy.policyKey(), policy.version(),
                policy.mode(), e.outcome(), e.rejectReason().orElse(null), e.detail().orElse(null),
                e.domain().map(d -> new PolicyAckStep.AckedDomain(d.domid(), d.instanceId())).orElse(null),
                e.appliedControls().map(LifecycleSteps::controls).orElse(null));
    }
}
