package io.fleetcompat.agent.events;

import io.fleetcompat.agent.events.Values.Controls;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyTarget;
import java.util.Objects;

/**
 * An acknowledgement of a directive, without its header; built by {@code policy.PolicyAcks}. Keyed by the
 * domain's guest id, or by the policy key when no domain was created under it.
 *
 * @param rejectReason non-null exactly when {@code outcome} is REJECTED
 * @param domain       the domain created under the directive (on this host), or null
 * @param appliedControls controls the domain got (APPLIED) or would have got (ADVISED), or null
 */
public record PolicyAckStep(PolicyTarget target, String policyKey, long directiveVersion, PolicyMode mode,
                            AckOutcome outcome, AckRejectReason rejectReason, String detail, AckedDomain domain,
                            Controls appliedControls) {

    /** A domain on the emitting host. */
    public record AckedDomain(int domid, String instanceId) {
        public AckedDomain {
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    public PolicyAckStep {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(policyKey, "policyKey");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == AckOutcome.REJECTED) != (rejectReason != null)) {
            throw new IllegalArgumentException("a reject reason goes with REJECTED and only with it: "
                    + outcome + "/" + rejectReason);
        }
    }

    /** The fleet.events key. */
    public String key() {
        return domain == null ? policyKey : domain.instanceId();
    }
}
