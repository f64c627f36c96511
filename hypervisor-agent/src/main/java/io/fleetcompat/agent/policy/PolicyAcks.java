package io.fleetcompat.agent.policy;

import io.fleetcompat.agent.events.PolicyAckStep;
import io.fleetcompat.agent.events.PolicyAckStep.AckedDomain;
import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.PolicyTarget;

/**
 * Builds the acknowledgement of a directive for the toolstack, to hand to {@code AgentEventSink.policyAck}:
 * one per domain created, restored or resumed under a directive.
 */
public final class PolicyAcks {

    private PolicyAcks() {
    }

    /** ENFORCE: the domain got the directive's controls. */
    public static PolicyAckStep applied(MatchedDirective match, AckedDomain domain, Controls appliedControls) {
        return step(match, AckOutcome.APPLIED, null, null, domain, appliedControls);
    }

    /** ADVISE: the domain was created without the directive; {@code wouldApply} is what it would have got. */
    public static PolicyAckStep advised(MatchedDirective match, AckedDomain domain, Controls wouldApply) {
        return step(match, AckOutcome.ADVISED, null, null, domain, wouldApply);
    }

    /**
     * The directive could not be applied, e.g. UNSUPPORTED_BY_PROFILE or CONFLICTS_WITH_IMAGE.
     *
     * @param domain the domain created anyway (under defaults), or null when none was
     */
    public static PolicyAckStep rejected(MatchedDirective match, AckRejectReason reason, String detail, AckedDomain domain) {
        return step(match, AckOutcome.REJECTED, reason, detail, domain, null);
    }

    private static PolicyAckStep step(MatchedDirective match, AckOutcome outcome, AckRejectReason reason, String detail,
                                      AckedDomain domain, Controls controls) {
        PolicyTarget target = PolicyTarget.newBuilder(match.directive().getTarget()).build();
        return new PolicyAckStep(target, match.key(), match.version(), match.mode(), outcome, reason, detail, domain,
                controls);
    }
}
