package io.fleetcompat.agent.bridge;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;

/**
 * The target of a directive from its fleet.policy key, the inverse of {@link PolicyTargetKeys#keyOf}: the
 * toolstack's {@code AppliedPolicy} carries the key only, and a PolicyAck names the target.
 */
public final class PolicyTargets {

    private PolicyTargets() {
    }

    /** @throws IllegalArgumentException for a key that {@link PolicyTargetKeys} would not produce */
    public static PolicyTarget fromKey(String key) {
        if (key.startsWith(PolicyTargetKeys.INSTANCE_PREFIX) && key.length() > PolicyTargetKeys.INSTANCE_PREFIX.length()) {
            return new PolicyTarget(PolicyTargetKind.INSTANCE, key.substring(PolicyTargetKeys.INSTANCE_PREFIX.length()),
                    null);
        }
        if (key.startsWith(PolicyTargetKeys.FAMILY_PREFIX)) {
            String selector = key.substring(PolicyTargetKeys.FAMILY_PREFIX.length());
            // The profile is the last '@' part: a kernel family name could itself contain '@'.
            int at = selector.lastIndexOf('@');
            if (at > 0) {
                XenProfile profile = profile(selector.substring(at + 1), key);
                return new PolicyTarget(PolicyTargetKind.FAMILY, null,
                        new FamilySelector(selector.substring(0, at), profile));
            }
        }
        throw new IllegalArgumentException("not a fleet.policy key: '" + key + "'");
    }

    private static XenProfile profile(String name, String key) {
        try {
            return XenProfile.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a fleet.policy key: '" + key + "' (unknown Xen profile)", e);
        }
    }
}
