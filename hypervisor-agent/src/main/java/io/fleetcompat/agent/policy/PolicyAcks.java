package io.fleetcompat.agent.policy;

import io.fleetcompat.agent.events.PolicyAckStep;
import io.fleetcompat.agent.events.PolicyAckStep.AckedDomain;
import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.signing.SignatureCheck;

/**
 * Builds the acknowledgement of a directive, to hand to {@code AgentEventSink.policyAck}: for the toolstack, one per
 * domain created, restored or resumed under a directive; for the policy consumer, one per fleet.policy record
 * refused before it reached the table ({@link #unverified}).
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

    /**
     * A fleet.policy record whose signature did not verify (or a tombstone): not applied, not stored. No domain; keyed
     * by the policy key.
     *
     * @param target  the target the record key names (not the unverified record's own)
     * @param claimed the refused directive as it claims to be; null for a tombstone, whose ack then says version 0
     *                and mode OBSERVE (it has neither)
     */
    public static PolicyAckStep unverified(String key, PolicyTarget target, PolicyDirective claimed,
                                           SignatureCheck.Refused refusal) {
        return new PolicyAckStep(target, key, claimed == null ? 0 : claimed.getVersion(),
                claimed == null ? PolicyMode.OBSERVE : claimed.getMode(), AckOutcome.REJECTED, refusal.reason(),
                refusal.detail(), null, null);
    }

    private static PolicyAckStep step(MatchedDirective match, AckOutcome outcome, AckRejectReason reason, String detail,
                                      AckedDomain domain, Controls controls) {
        PolicyTarget target = PolicyTarget.newBuilder(match.directive().getTarget()).build();
        return new PolicyAckStep(target, match.key(), match.version(), match.mode(), outcome, reason, detail, domain,
                controls);
    }
}
