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
 */
public record TopicSpec<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        String keyMeaning,
        int defaultPartitions,
        CleanupPolicy cleanupPolicy,
        long retentionMs) {

    /** Kafka's value of retention.ms for "never delete by age". */
    public static final long RETAIN_FOREVER = -1L;

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

    /** Topic-level configs to create the topic with. */
    public Map<String, String> configs() {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue(),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
    }

    public NewTopic toNewTopic(int partitions, short replication) {
        return new NewTopic(name, partitions, replication).configs(configs());
    }

    /** With the catalogue's default partition count. */
    public NewTopic toNewTopic(short replication) {
        return toNewTopic(defaultPartitions, replication);
    }
}
