package io.fleetcompat.schema;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalogue: its name, how its keys and values are (de)serialized, and how it is
 * created.
 *
 * @param keyMeaning what the key string is, e.g. "guest id"
 * @param retentionMs how long records are kept; {@link #RETAIN_FOREVER} keeps them forever
 * @param durability replication factor and min.insync.replicas on a production cluster
 */
public record TopicSpec<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        String keyMeaning,
        int defaultPartitions,
        CleanupPolicy cleanupPolicy,
        long retentionMs,
        Durability durability) {

    /** Kafka's value of retention.ms for "never delete by age". */
    public static final long RETAIN_FOREVER = -1L;

    /**
     * How many copies of each partition a cluster keeps, and how many must have a write before an acks=all
     * producer (every fleetcompat writer) is told it is written.
     */
    public record Durability(short replicationFactor, int minInsyncReplicas) {

        /** Three copies, two in sync: a write survives one lost broker, and writes go on while one is down. */
        public static final Durability PRODUCTION = new Durability((short) 3, 2);
        /** One broker: the embedded broker of the demo and the tests. */
        public static final Durability SINGLE_NODE = new Durability((short) 1, 1);

        public Durability {
            if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("need 1 <= min.insync.replicas (" + minInsyncReplicas
                        + ") <= replication factor (" + replicationFactor + ")");
            }
        }

        /** Another replication factor, min.insync.replicas kept unless it would exceed it. */
        public Durability withReplicationFactor(short replication) {
            return new Durability(replication, Math.min(minInsyncReplicas, replication));
        }
    }

    /** Kafka's cleanup.policy values. */
    public enum CleanupPolicy {
        DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
        COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT),
        /** Keep the latest record per key, and drop keys not updated within the retention. */
        COMPACT_DELETE(TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    /** Topic-level configs to create the topic with: cleanup, retention and {@code durability}'s min.insync.replicas. */
    public Map<String, String> configs(Durability durability) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue(),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(durability.minInsyncReplicas()));
    }

    /** With the catalogue's min.insync.replicas, lowered to {@code replication} where it exceeds it. */
    public NewTopic toNewTopic(int partitions, short replication) {
        return toNewTopic(partitions, durability.withReplicationFactor(replication));
    }

    public NewTopic toNewTopic(int partitions, Durability durability) {
        return new NewTopic(name, partitions, durability.replicationFactor()).configs(configs(durability));
    }

    /** With the catalogue's default partition count. */
    public NewTopic toNewTopic(short replication) {
        return toNewTopic(defaultPartitions, replication);
    }
}
