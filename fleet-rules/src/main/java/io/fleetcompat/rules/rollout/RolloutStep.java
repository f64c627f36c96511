package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input did to a family: the next state and the records to emit. {@code rolloutChanged} says
 * whether the rollout's state should be published on fleet.rollouts.
 */
public record RolloutStep(FamilyState state, List<PolicyDirective> directives, List<AuditRecord> audits,
                          boolean rolloutChanged) {

    public static RolloutStep unchanged(FamilyState state) {
        return new RolloutStep(state, List.of(), List.of(), false);
    }

    public RolloutStep then(RolloutStep next) {
        List<PolicyDirective> d = new ArrayList<>(directives);
        d.addAll(next.directives());
        List<AuditRecord> a = new ArrayList<>(audits);
        a.addAll(next.audits());
        return new RolloutStep(next.state(), d, a, rolloutChanged || next.rolloutChanged());
    }
}
