package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.AppliedPolicy;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.agent.host.CreateContext;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.rules.cohort.ControlGroup;

import java.util.Optional;

/**
 * Withholds every directive from the control group's guests while still reporting it: a directive found for a
 * control-group guest is handed to the toolstack as ADVISE, so the domain keeps the toolstack's controls, the
 * DomainCreated names no deciding policy, and the PolicyAck (outcome ADVISED) says what the directive would have
 * set. The control plane still issues policy for these guests and sees it acknowledged; only its effect is
 * withheld, which is what lets a demo show the failures the policy prevents elsewhere.
 *
 * <p>Used when policy comes from fleet.policy; the offline authority never issues for the control group.
 */
public final class ControlGroupWithholding implements PolicyLookup {

    private final PolicyLookup policies;
    private final ControlGroup controlGroup;

    public ControlGroupWithholding(PolicyLookup policies, ControlGroup controlGroup) {
        this.policies = policies;
        this.controlGroup = controlGroup;
    }

    @Override
    public Optional<AppliedPolicy> find(CreateContext create) {
        Optional<AppliedPolicy> found = policies.find(create);
        if (!controlGroup.contains(create.instanceId())) {
            return found;
        }
        return found.map(p -> p.withMode(PolicyMode.ADVISE));
    }
}
