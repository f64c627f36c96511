package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.HypercallOutcome;
import io.fleetcompat.agent.host.HostEvent;

/** A toolstack HypercallResult as the event layer's {@link HypercallOutcome}, field by field. */
public final class HypercallOutcomes {

    private HypercallOutcomes() {
    }

    /** A control-domain call has no instance id: null, and the emitter keys it by host id. */
    public static HypercallOutcome of(HostEvent.HypercallResult e) {
        return new HypercallOutcome(e.instanceId().orElse(null), e.domid(), e.hypercallNumber(), e.hypercallName(),
                e.commandNumber(), e.commandName(), e.rc(), e.errnoName().orElse(null),
                LifecycleSteps.boxed(e.vcpu()), e.arguments());
    }
}
