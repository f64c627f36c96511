package io.fleetcompat.stream.query;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.rollout.Rollout;
import io.fleetcompat.rules.rollout.WaveProgress;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.rules.guest.InstancePolicy;

/**
 * A current directive as the REST API shows it, for an instance or a family target.
 *
 * @param scope which creates it speaks for; {@code imageId} the image a RESUME_OF_IMAGE directive is bound to
 * @param pinExpiresAt when an operator's pin lifts by itself (null: until UNPIN, or not a pin)
 */
public record PolicyView(String key, String kind, long version, ControlSetting evtchnFifo,
                         ControlSetting evtchnUpcall, PolicyMode mode, String reason, String rolloutId,
                         double cohortFraction, boolean pinned, DirectiveScope scope, String imageId,
                         Long pinExpiresAt) {

    public static PolicyView of(GuestState guest) {
        InstancePolicy p = guest.policy();
        return new PolicyView(PolicyTargetKeys.INSTANCE_PREFIX + guest.instanceId(), "INSTANCE", p.version(),
                p.evtchnFifo(), p.evtchnUpcall(), p.mode(), p.reason().name(), null, 1.0, p.pinned(), p.scope(),
                p.imageId(), p.pinned() ? p.expiresAt() : null);
    }

    public static PolicyView of(FamilyState family) {
        Rollout r = family.rollout();
        WaveProgress active = r.activeWave();
        double cohort = active != null ? active.hostFraction() : 1.0;
        return new PolicyView(family.familyKey(), "FAMILY", r.policyVersion(), r.fifo(), r.upcall(), r.mode(),
                "FAMILY_ROLLOUT " + r.phase(), r.rolloutId(), cohort, false, r.spec().scope(), null, null);
    }
}
