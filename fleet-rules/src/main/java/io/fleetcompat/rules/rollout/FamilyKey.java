package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.XenProfile;
import java.util.Optional;

/** A family policy key, {@code family:<kernel_family>@<PROFILE>}, read back into its parts. */
public record FamilyKey(String kernelFamily, XenProfile profile) {

    /** Empty when {@code key} is not a family key of a known Xen profile. */
    public static Optional<FamilyKey> parse(String key) {
        if (key == null || !key.startsWith(PolicyTargetKeys.FAMILY_PREFIX)) {
            return Optional.empty();
        }
        int at = key.lastIndexOf('@');
        if (at <= PolicyTargetKeys.FAMILY_PREFIX.length() || at == key.length() - 1) {
            return Optional.empty();
        }
        try {
            XenProfile profile = XenProfile.valueOf(key.substring(at + 1));
            return profile == XenProfile.UNKNOWN ? Optional.empty()
                    : Optional.of(new FamilyKey(key.substring(PolicyTargetKeys.FAMILY_PREFIX.length(), at), profile));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
