package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.PolicyMode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A policy table in memory, for tests and the simulator's offline mode: one directive per fleet.policy key,
 * the highest version kept, resolved as the Kafka-fed table resolves ({@link AppliedPolicy#resolve}: scopes
 * honoured, the guest's own before its family's). Cohorts and rollout waves are not modelled here: every family
 * directive applies on every host of its profile.
 */
public final class InMemoryPolicyLookup implements PolicyLookup {

    private final Map<String, AppliedPolicy> byKey = new ConcurrentHashMap<>();

    /** Stores the directive unless the table holds the same or a higher version for its key. */
    public boolean put(AppliedPolicy directive) {
        boolean[] stored = {false};
        byKey.compute(directive.policyKey(), (key, held) -> {
            if (held != null && held.version() >= directive.version()) {
                return held;
            }
            stored[0] = true;
            return directive;
        });
        return stored[0];
    }

    /** Stores an ENFORCE or ADVISE directive for one guest; see {@link #put}. */
    public boolean putInstance(String instanceId, long version, PolicyMode mode, Controls controls) {
        return put(new AppliedPolicy(instanceKey(instanceId), version, mode, controls));
    }

    /** Stores a directive for a kernel family on hosts of one profile; see {@link #put}. */
    public boolean putFamily(String kernelFamily, XenProfile profile, long version, PolicyMode mode,
                             Controls controls) {
        return put(new AppliedPolicy(familyKey(kernelFamily, profile), version, mode, controls));
    }

    public void remove(String policyKey) {
        byKey.remove(policyKey);
    }

    public Optional<AppliedPolicy> get(String policyKey) {
        return Optional.ofNullable(byKey.get(policyKey));
    }

    public int size() {
        return byKey.size();
    }

    @Override
    public Optional<AppliedPolicy> find(CreateContext create) {
        return AppliedPolicy.resolve(Optional.ofNullable(byKey.get(instanceKey(create.instanceId()))),
                Optional.ofNullable(byKey.get(familyKey(create.kernelFamily(), create.profile()))), create);
    }

    /** The fleet.policy key of an instance target, as PolicyTargetKeys spells it. */
    public static String instanceKey(String instanceId) {
        return PolicyTargetKeys.INSTANCE_PREFIX + instanceId;
    }

    /** The fleet.policy key of a family target; the profile's enum name is the Avro XenProfile symbol. */
    public static String familyKey(String kernelFamily, XenProfile profile) {
        return PolicyTargetKeys.FAMILY_PREFIX + kernelFamily + "@" + profile.name();
    }
}
