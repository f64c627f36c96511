package io.fleetcompat.schema;

import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key of a directive on the compacted {@code fleet.policy}: one key per target, so compaction keeps
 * exactly the latest directive of each guest and each family.
 *
 * <ul>
 *   <li>INSTANCE: {@code instance:<instance_id>}, e.g. {@code instance:7d0c7a52-...}</li>
 *   <li>FAMILY: {@code family:<kernel_family>@<XEN_PROFILE>}, e.g. {@code family:linux-5.10@PROPOSED}</li>
 * </ul>
 * The format is part of the wire contract: agents and fleet-stream must agree on it byte for byte.
 */
public final class PolicyTargetKeys {

    public static final String INSTANCE_PREFIX = "instance:";
    public static final String FAMILY_PREFIX = "family:";

    private PolicyTargetKeys() {}

    /** @throws IllegalArgumentException if the target lacks the field its kind needs */
    public static String keyOf(PolicyTarget target) {
        return switch (target.getKind()) {
            case INSTANCE -> INSTANCE_PREFIX + requireText(target.getInstanceId(), "instance_id", target);
            case FAMILY -> familyKey(target);
            case UNKNOWN -> throw new IllegalArgumentException("Policy target of unknown kind has no key: " + target);
        };
    }

    /**
     * The target a key names, for a record that has no directive to take it from (a tombstone); empty when the key
     * is not one {@link #keyOf} could have produced.
     */
    public static Optional<PolicyTarget> targetOf(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.startsWith(INSTANCE_PREFIX) && !key.substring(INSTANCE_PREFIX.length()).isBlank()) {
            return Optional.of(new PolicyTarget(PolicyTargetKind.INSTANCE, key.substring(INSTANCE_PREFIX.length()), null));
        }
        int at = key.lastIndexOf('@');
        if (!key.startsWith(FAMILY_PREFIX) || at <= FAMILY_PREFIX.length()) {
            return Optional.empty();
        }
        String family = key.substring(FAMILY_PREFIX.length(), at);
        String profile = key.substring(at + 1);
        return Arrays.stream(XenProfile.values()).filter(p -> p.name().equals(profile)).findFirst()
                .filter(p -> !family.isBlank())
                .map(p -> new PolicyTarget(PolicyTargetKind.FAMILY, null, new FamilySelector(family, p)));
    }

    private static String familyKey(PolicyTarget target) {
        FamilySelector selector = target.getSelector();
        if (selector == null) {
            throw new IllegalArgumentException("FAMILY policy target without selector: " + target);
        }
        return FAMILY_PREFIX + requireText(selector.getKernelFamily(), "selector.kernel_family", target)
                + "@" + selector.getXenProfile();
    }

    private static String requireText(String value, String field, PolicyTarget target) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Policy target " + target.getKind() + " needs " + field + ": " + target);
        }
        return value;
    }
}
