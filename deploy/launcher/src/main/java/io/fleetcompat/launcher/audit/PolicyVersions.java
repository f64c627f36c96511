package io.fleetcompat.launcher.audit;

import io.fleetcompat.schema.EventDecodingException;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.signing.SignatureCheck;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * fleet-stream's directives on fleet.policy (committed records only), known by their signature: a record counts only
 * when it verifies with fleet-stream's signing key, so a forged directive (the fuzzer's version regressions, say) is
 * never taken for a version fleet-stream wrote or skipped. How many (target, version) it issued and which
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

    /** @param streamKeys the public half of fleet-stream's signing key (and of any older one it signed with) */
    public static PolicyVersions read(String bootstrap, Map<String, String> clientProperties, TrustedPolicyKeys streamKeys,
                                      Duration timeout) {
        return of(TopicSnapshot.read(bootstrap, clientProperties, List.of(Topics.POLICY.name()), timeout), streamKeys);
    }

    /**
     * Records of other topics, and records that are not directives signed by one of {@code streamKeys} (fuzz, forged
     * or unsigned directives, tombstones), are left out.
     */
    public static PolicyVersions of(List<ConsumerRecord<byte[], byte[]>> records, TrustedPolicyKeys streamKeys) {
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
                String recordKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (recordKey == null || record.value() == null
                        || !(streamKeys.check(recordKey, record.value()) instanceof SignatureCheck.Verified)) {
                    continue;
                }
                if (!(codec.decode(record.value()) instanceof PolicyDirective d)
                        || !PolicyTargetKeys.keyOf(d.getTarget()).equals(recordKey)) {
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
