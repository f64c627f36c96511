package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.PolicyTargetKeys;
import java.util.Optional;

/**
 * Rollout ids are {@code <family policy key>#<n>} (e.g. {@code family:linux-5.10@PROPOSED#1}), so a command
 * keyed by rollout id can be routed to the partition that owns the family without a lookup table.
 */
public final class RolloutIds {

    private RolloutIds() {
    }

    public static String of(String familyKey, int ordinal) {
        return familyKey + "#" + ordinal;
    }

    public static Optional<String> familyKeyOf(String rolloutId) {
        if (rolloutId == null) {
            return Optional.empty();
        }
        int hash = rolloutId.lastIndexOf('#');
        if (hash <= PolicyTargetKeys.FAMILY_PREFIX.length() || !rolloutId.startsWith(PolicyTargetKeys.FAMILY_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(rolloutId.substring(0, hash));
    }
}
