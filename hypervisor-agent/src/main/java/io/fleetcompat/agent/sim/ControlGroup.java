package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.schema.HostCohorts;

/**
 * Guests for which policy is deliberately withheld, so a demo shows the failures it would otherwise prevent.
 * Membership is a stable hash of the guest id (the same SHA-256 bucket the rollout cohorts use for hosts), so it
 * does not depend on the seed's draw order.
 */
public record ControlGroup(double fraction) {

    public ControlGroup {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("control group fraction must be within [0, 1], was " + fraction);
        }
    }

    public boolean contains(String instanceId) {
        return fraction > 0 && HostCohorts.bucketOf(instanceId) < fraction;
    }

    /** The edge fail-safe with the control group switched off, so its guests still show §8 when unprotected. */
    public EdgeFailsafe withholding(EdgeFailsafe failsafe) {
        return (instanceId, kernelFamily) -> contains(instanceId) ? EdgeFailsafe.Mode.OFF
                : failsafe.modeFor(instanceId, kernelFamily);
    }
}
