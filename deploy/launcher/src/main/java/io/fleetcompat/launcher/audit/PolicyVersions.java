package io.fleetcompat.launcher.audit;

import io.fleetcompat.schema.EventDecodingException;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.PolicyDirective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * fleet-stream's directives on fleet.policy (committed records only): how many (target, version) it issued and which
 * it issued more than once. Under exactly-once a version is written once, even across a crash mid-transaction, a
 * restart from an empty state directory, or a failover.
 *
 * @param issued     distinct (target key, version)
 * @param duplicates (target key, version) written more than once, each named once
 * @param gaps       versions missing below a target's highest (each target's versions count 1, 2, 3, ...): a decision
 *                   or a rollout transition lost between two that were written
 */
public record PolicyVersions(long issued, List<String> duplicates, List<String> gaps) {

    public PolicyVersions {
        duplicates = List.copyOf(duplicates);
        gaps = List.copyOf(gaps);
    }

    public static PolicyVersions read(String bootstrap, Map<String, String> clientProperties, Duration timeout) {
        return of(TopicSnapshot.read(bootstrap, clientProperties, List.of(Topics.POLICY.name()), timeout));
    }

    /** Records of other topics, and records that are not fleet-stream's directives (fuzz, tombstones), are left out. */
    public static PolicyVersions of(List<ConsumerRecord<byte[], byte[]>> records) {
        SingleObjectCodec codec = SingleObjectCodec.standard();
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        Map<String, java.util.SortedSet<Long>> versions = new java.util.TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!record.topic().equals(Topics.POLICY.name())) {
                continue;
            }
            PolicyDirective directive;
            try {
                if (record.value() == null || !(codec.decode(record.value()) instanceof PolicyDirective d)
                        || !PolicyTargetKeys.keyOf(d.getTarget()).equals(record.key() == null ? null
                        : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                    continue;
                }
                directive = d;
            } catch (EventDecodingException e) {
                continue;
            }
            String key = PolicyTargetKeys.keyOf(directive.getTarget());
            versions.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(directive.getVersion());
            String version = key + " v" + directive.getVersion();
            if (!seen.add(version) && !duplicates.contains(version)) {
                duplicates.add(version);
            }
        }
        List<String> gaps = new ArrayList<>();
        versions.forEach((key, held) -> {
            for (long v = 1; v < held.last(); v++) {
                if (!held.contains(v)) {
                    gaps.add(key + " v" + v);
                }
            }
        });
        return new PolicyVersions(seen.size(), duplicates, gaps);
    }
}
