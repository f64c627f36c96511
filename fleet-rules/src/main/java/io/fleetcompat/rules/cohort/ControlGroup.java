package io.fleetcompat.rules.cohort;

import io.fleetcompat.schema.HostCohorts;
import java.util.function.Predicate;

/**
 * The demo's control group: guests for which policy is deliberately withheld, so a run shows the failures it
 * prevents elsewhere. Membership is a stable hash of the guest id (the SHA-256 bucket the rollout cohorts use for
 * hosts), so the simulator that withholds and the report that splits outcomes agree without the wire saying who is
 * in it, whatever the seed's draw order.
 */
public record ControlGroup(double fraction) implements Predicate<String> {

    public ControlGroup {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("control group fraction must be within [0, 1], was " + fraction);
        }
    }

    public boolean contains(String instanceId) {
        return fraction > 0 && HostCohorts.bucketOf(instanceId) < fraction;
    }

    @Override
    public boolean test(String instanceId) {
        return contains(instanceId);
    }
}
