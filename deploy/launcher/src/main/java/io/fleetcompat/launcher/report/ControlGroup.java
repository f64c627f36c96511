package io.fleetcompat.launcher.report;

import io.fleetcompat.schema.HostCohorts;
import java.util.function.Predicate;

/**
 * The demo's control group as the report sees it: the guests whose agents withhold policy. Membership must
 * match the simulator's ({@code io.fleetcompat.agent.sim.ControlGroup}): the same SHA-256 bucket of the guest
 * id below the fraction, so the report can split failures without the wire saying who is in the group.
 */
public record ControlGroup(double fraction) implements Predicate<String> {

    public ControlGroup {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("control group fraction must be within [0, 1], was " + fraction);
        }
    }

    @Override
    public boolean test(String instanceId) {
        return fraction > 0 && HostCohorts.bucketOf(instanceId) < fraction;
    }
}
