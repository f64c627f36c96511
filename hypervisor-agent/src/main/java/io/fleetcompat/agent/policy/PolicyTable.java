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
 * in lookups). Thread-safe: updates come from the policy consumer, lookups from toolstacks.
 */
public final class PolicyTable implements PolicyLookup {

    private final Map<String, PolicyDirective> directives = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();

    /** A copy of the table's content and read positions, for persisting. */
    public record Snapshot(Map<String, PolicyDirective> directives, Map<Integer, Long> positions) {
        public Snapshot {
            directives = Map.copyOf(directives);
            positions = Map.copyOf(positions);
        }
    }

    public PolicyTable() {
    }

    public PolicyTable(Snapshot restored) {
        directives.putAll(restored.directives());
        positions.putAll(restored.positions());
    }

    /**
     * Applies one record of fleet.policy: {@code directive} null is a tombstone. A version lower than the
     * one held is a regression and changes nothing; the same version is a re-read.
     */
    public synchronized TableUpdate apply(String key, PolicyDirective directive) {
        if (key == null) {
            return new TableUpdate.Invalid(null, "fleet.policy record without a key");
        }
        if (directive == null) {
            directives.remove(key);
            return new TableUpdate.Deleted(key);
        }
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
        PolicyDirective held = directives.get(key);
        if (held != null && directive.getVersion() < held.getVersion()) {
            return new TableUpdate.Regression(key, directive.getVersion(), held.getVersion());
        }
        if (held != null && directive.getVersion() == held.getVersion()) {
            return new TableUpdate.Unchanged(key, held.getVersion());
        }
        directives.put(key, directive);
        return new TableUpdate.Applied(key, directive.getVersion(), held == null ? null : held.getVersion());
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
        return Optional.ofNullable(directives.get(key));
    }

    public synchronized int size() {
        return directives.size();
    }

    /** The highest version over all targets, for heartbeats; null when the table is empty. */
    public synchronized Long lastVersionSeen() {
        return directives.values().stream().map(PolicyDirective::getVersion).max(Long::compare).orElse(null);
    }

    public synchronized Snapshot snapshot() {
        Map<String, PolicyDirective> copies = new HashMap<>();
        directives.forEach((key, directive) -> copies.put(key, PolicyDirective.newBuilder(directive).build()));
        return new Snapshot(copies, positions);
    }

    @Override
    public synchronized Candidates candidatesFor(String instanceId, String kernelFamily, String hostId,
                                                 XenProfile xenProfile) {
        String ownKey = PolicyTargetKeys.INSTANCE_PREFIX + instanceId;
        PolicyDirective own = directives.get(ownKey);
        Optional<MatchedDirective> instance = own == null ? Optional.empty()
                : Optional.of(new MatchedDirective(ownKey, copy(own), MatchedDirective.Via.INSTANCE));
        if (kernelFamily == null) {
            return new Candidates(instance, Optional.empty());
        }
        String familyKey = PolicyTargetKeys.keyOf(new PolicyTarget(PolicyTargetKind.FAMILY, null,
                new FamilySelector(kernelFamily, xenProfile)));
        PolicyDirective family = directives.get(familyKey);
        if (family == null || !HostCohorts.inCohort(hostId, family.getCohortFraction())) {
            return new Candidates(instance, Optional.empty());
        }
        return new Candidates(instance,
                Optional.of(new MatchedDirective(familyKey, copy(family), MatchedDirective.Via.FAMILY)));
    }

    // Avro records are mutable: hand out copies so a caller cannot change the table.
    private static PolicyDirective copy(PolicyDirective directive) {
        return PolicyDirective.newBuilder(directive).build();
    }
}
