package io.fleetcompat.agent.policy;

import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.FamilySelector;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The agent's copy of the compacted fleet.policy topic: the highest version per target key, and how far each
 * partition has been read. One table per process, shared by every host of a simulation (hosts differ only
 * in lookups). Only directives whose signature the caller verified ({@link PolicyVerification}) are applied to
 * it, with the bytes they came as. Thread-safe: updates come from the policy consumer, lookups from toolstacks.
 */
public final class PolicyTable implements PolicyLookup {

    private final Map<String, StoredDirective> directives = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();

    /** A copy of the table's content and read positions, for persisting. */
    public record Snapshot(Map<String, StoredDirective> directives, Map<Integer, Long> positions) {
        public Snapshot {
            directives = Map.copyOf(directives);
            positions = Map.copyOf(positions);
        }
    }

    public PolicyTable() {
    }

    /** {@link #apply(String, StoredDirective)} for a directive built in this process (tests, tools). */
    public TableUpdate apply(String key, PolicyDirective directive) {
        return apply(key, directive == null ? null : StoredDirective.of(directive));
    }

    /**
     * Applies one verified record of fleet.policy. A version lower than the one held is a regression and changes
     * nothing; the same version is a re-read. A tombstone ({@code stored} null) is invalid: it never removes a
     * directive (the consumer refuses it before, as unsigned).
     */
    public synchronized TableUpdate apply(String key, StoredDirective stored) {
        if (key == null) {
            return new TableUpdate.Invalid(null, "fleet.policy record without a key");
        }
        if (stored == null) {
            return new TableUpdate.Invalid(key, "a tombstone never removes a directive");
        }
        PolicyDirective directive = stored.directive();
        String expectedKey;
        try {
            expectedKey = PolicyTargetKeys.keyOf(directive.getTarget());
        } catch (IllegalArgumentException e) {
            return new TableUpdate.Invalid(key, e.getMessage());
        }
        if (!expectedKey.equals(key)) {
            return new TableUpdate.Invalid(key, "record key '" + key + "' is not the target's key '" + expectedKey + "'");
        }
        if (!(directive.getCohortFraction() >= 0.0 && directive.getCohortFraction() <= 1.0)) {
            return new TableUpdate.Invalid(key, "cohort_fraction " + directive.getCohortFraction() + " is not in [0, 1]");
        }
        StoredDirective held = directives.get(key);
        long heldVersion = held == null ? 0 : held.directive().getVersion();
        if (held != null && directive.getVersion() < heldVersion) {
            return new TableUpdate.Regression(key, directive.getVersion(), heldVersion);
        }
        if (held != null && directive.getVersion() == heldVersion) {
            return new TableUpdate.Unchanged(key, heldVersion);
        }
        directives.put(key, stored);
        return new TableUpdate.Applied(key, directive.getVersion(), held == null ? null : heldVersion);
    }

    /** Records that {@code partition} has been processed up to {@code nextOffset} (exclusive). */
    public synchronized void advance(int partition, long nextOffset) {
        positions.merge(partition, nextOffset, Math::max);
    }

    /** Where to resume reading {@code partition}; empty when it was never read. */
    public synchronized OptionalLong position(int partition) {
        Long position = positions.get(partition);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    public synchronized Optional<PolicyDirective> get(String key) {
        return Optional.ofNullable(directives.get(key)).map(StoredDirective::copy);
    }

    public synchronized int size() {
        return directives.size();
    }

    /** The highest version over all targets, for heartbeats; null when the table is empty. */
    public synchronized Long lastVersionSeen() {
        return directives.values().stream().map(d -> d.directive().getVersion()).max(Long::compare).orElse(null);
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(directives, positions);
    }

    @Override
    public synchronized Candidates candidatesFor(String instanceId, String kernelFamily, String hostId,
                                                 XenProfile xenProfile) {
        String ownKey = PolicyTargetKeys.INSTANCE_PREFIX + instanceId;
        StoredDirective own = directives.get(ownKey);
        Optional<MatchedDirective> instance = own == null ? Optional.empty()
                : Optional.of(new MatchedDirective(ownKey, own.copy(), MatchedDirective.Via.INSTANCE));
        if (kernelFamily == null) {
            return new Candidates(instance, Optional.empty());
        }
        String familyKey = PolicyTargetKeys.keyOf(new PolicyTarget(PolicyTargetKind.FAMILY, null,
                new FamilySelector(kernelFamily, xenProfile)));
        StoredDirective family = directives.get(familyKey);
        if (family == null || !HostCohorts.inCohort(hostId, family.directive().getCohortFraction())) {
            return new Candidates(instance, Optional.empty());
        }
        return new Candidates(instance,
                Optional.of(new MatchedDirective(familyKey, family.copy(), MatchedDirective.Via.FAMILY)));
    }
}
