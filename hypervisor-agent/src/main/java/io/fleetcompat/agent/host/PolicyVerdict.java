package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;

import java.util.Optional;

/**
 * What the toolstack did with a directive at one create, for the PolicyAck: APPLIED (the domain got
 * {@code controls}), ADVISED (it would have got them) or REJECTED with a reason.
 */
public record PolicyVerdict(AppliedPolicy policy, AckOutcome outcome, Optional<AckRejectReason> rejectReason,
                            String detail, Controls controls) {

    static PolicyVerdict applied(AppliedPolicy policy, Controls controls) {
        return new PolicyVerdict(policy, AckOutcome.APPLIED, Optional.empty(), "applied at create", controls);
    }

    static PolicyVerdict advised(AppliedPolicy policy, Controls controls) {
        return new PolicyVerdict(policy, AckOutcome.ADVISED, Optional.empty(),
                "advise only: the domain keeps the toolstack's controls", controls);
    }

    static PolicyVerdict rejected(AppliedPolicy policy, AckRejectReason reason, String detail, Controls controls) {
        return new PolicyVerdict(policy, AckOutcome.REJECTED, Optional.of(reason), detail, controls);
    }

    public boolean isApplied() {
        return outcome == AckOutcome.APPLIED;
    }
}
