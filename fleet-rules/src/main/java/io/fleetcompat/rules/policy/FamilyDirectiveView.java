package io.fleetcompat.rules.policy;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.XenProfile;

/**
 * A family directive as every guest task learns it (through the {@code family-directives} repartition topic):
 * which kernel family and Xen profile, what it does to evtchn_fifo, in which mode, when it was issued, and which
 * creates it speaks for ({@code scope}; views written before scopes existed read as ALL_CREATES).
 */
public record FamilyDirectiveView(String familyKey, String kernelFamily, XenProfile profile,
                                  ControlSetting evtchnFifo, PolicyMode mode, long version, double cohortFraction,
                                  long issuedAt, DirectiveScope scope) {

    public FamilyDirectiveView {
        scope = scope == null ? DirectiveScope.ALL_CREATES : scope;
    }

    public static FamilyDirectiveView of(PolicyDirective directive) {
        return new FamilyDirectiveView(PolicyTargetKeys.keyOf(directive.getTarget()),
                directive.getTarget().getSelector().getKernelFamily(), directive.getTarget().getSelector().getXenProfile(),
                directive.getControls().getEvtchnFifo(), directive.getMode(), directive.getVersion(),
                directive.getCohortFraction(), directive.getIssuedAt().toEpochMilli(), directive.getScope());
    }

    /**
     * Agents may deny evtchn_fifo under it at a FIFO image's resume: it speaks for every create (ALL_CREATES). A
     * denial at resumes of 2-level images never meets a FIFO image, so it needs no permits. ADVISE counts too: an
     * advised rollout rehearses the enforced one, so its guests get the same permits (and its acks say what enforcing
     * would do). OBSERVE never reaches agents.
     */
    public boolean deniesFifo() {
        return evtchnFifo == ControlSetting.DENY && mode != PolicyMode.OBSERVE && cohortFraction > 0
                && scope == DirectiveScope.ALL_CREATES;
    }
}
